namespace InitOS.Core.Lifecycle;

/// <summary>
/// The one disk layout of an installed system, for BIOS and UEFI alike, in 512-byte sectors aligned to 1 MiB:
/// <list type="number">
/// <item><c>BIOS-BOOT</c>, 1 MiB at 1 MiB: GRUB's core.img for BIOS boots.</item>
/// <item><c>EFI-SYSTEM</c>, 64 MiB: FAT with <c>EFI/BOOT/BOOTX64.EFI</c>.</item>
/// <item><c>INITOS_BOOT</c>, 1 GiB: ext4 with <c>grub/</c> and the slots <c>A/</c> and <c>B/</c>.</item>
/// <item><c>RANCHER_STATE</c>: ext4, the rest of the disk (at least 512 MiB), ending on a 1 MiB boundary.</item>
/// </list>
/// </summary>
public static class GptLayout
{
    /// <summary>Bytes per sector.</summary>
    public const int SectorSize = 512;

    /// <summary>Partition alignment: 1 MiB.</summary>
    public const long AlignBytes = 1L << 20;

    /// <summary>Size of the BIOS boot partition.</summary>
    public const long BiosBootBytes = 1 << 20;

    /// <summary>Size of the EFI system partition.</summary>
    public const long EspBytes = 64L << 20;

    /// <summary>Size of the INITOS_BOOT partition.</summary>
    public const long BootBytes = 1024L << 20;

    /// <summary>Smallest RANCHER_STATE partition.</summary>
    public const long MinStateBytes = 512L << 20;

    /// <summary>Sectors GPT keeps at the end of the disk: 32 of backup entries and the backup header.</summary>
    public const long BackupSectors = 33;

    /// <summary>Number of the BIOS boot partition.</summary>
    public const int BiosBootNumber = 1;

    /// <summary>Number of the EFI system partition.</summary>
    public const int EspNumber = 2;

    /// <summary>Number of the INITOS_BOOT partition.</summary>
    public const int BootNumber = 3;

    /// <summary>Number of the RANCHER_STATE partition.</summary>
    public const int StateNumber = 4;

    /// <summary>Type of a BIOS boot partition (GRUB embeds core.img there).</summary>
    public static readonly Guid BiosBootType = new("21686148-6449-6E6F-744E-656564454649");

    /// <summary>Type of an EFI system partition.</summary>
    public static readonly Guid EspType = new("C12A7328-F81F-11D2-BA4B-00A0C93EC93B");

    /// <summary>Type of a Linux filesystem partition.</summary>
    public static readonly Guid LinuxType = new("0FC63DAF-8483-4772-8E79-3D69D8477DE4");

    private const long Sectors = AlignBytes / SectorSize;

    private static long StateFirstLba => (AlignBytes + BiosBootBytes + EspBytes + BootBytes) / SectorSize;

    /// <summary>The smallest disk the layout fits on, GPT backup included: a RANCHER_STATE of
    /// <see cref="MinStateBytes"/> ending on a 1 MiB boundary, then the backup entries and header.</summary>
    public static long MinDiskBytes { get; } = (StateFirstLba + MinStateBytes / SectorSize + BackupSectors) * SectorSize;

    /// <summary>The partitions for a disk of <paramref name="diskBytes"/>.</summary>
    /// <exception cref="ArgumentException">The disk is smaller than <see cref="MinDiskBytes"/>.</exception>
    public static IReadOnlyList<GptPartition> Plan(long diskBytes)
    {
        if (TooSmall(diskBytes) is { } message)
        {
            throw new ArgumentException(message, nameof(diskBytes));
        }
        var lastUsable = diskBytes / SectorSize - BackupSectors - 1;
        var stateLast = (lastUsable + 1) / Sectors * Sectors - 1;
        var first = AlignBytes / SectorSize;
        var p1 = new GptPartition(BiosBootNumber, "BIOS-BOOT", BiosBootType, first, first + BiosBootBytes / SectorSize - 1);
        var p2 = new GptPartition(EspNumber, "EFI-SYSTEM", EspType, p1.LastLba + 1, p1.LastLba + EspBytes / SectorSize);
        var p3 = new GptPartition(BootNumber, "INITOS_BOOT", LinuxType, p2.LastLba + 1, p2.LastLba + BootBytes / SectorSize);
        var p4 = new GptPartition(StateNumber, "RANCHER_STATE", LinuxType, p3.LastLba + 1, stateLast);
        return [p1, p2, p3, p4];
    }

    /// <summary>Why a disk of <paramref name="diskBytes"/> is too small, or null when the layout fits.</summary>
    public static string? TooSmall(long diskBytes) => diskBytes / SectorSize * SectorSize >= MinDiskBytes
        ? null
        : $"the disk is {Math.Max(0, diskBytes) / AlignBytes} MiB; InitOS needs at least {(MinDiskBytes + AlignBytes - 1) / AlignBytes} MiB";
}
