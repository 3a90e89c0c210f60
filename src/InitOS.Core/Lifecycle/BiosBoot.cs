using System.Buffers.Binary;

namespace InitOS.Core.Lifecycle;

/// <summary>
/// What <c>grub-bios-setup</c> does for a GPT disk with a BIOS boot partition, done on bytes so that
/// <c>ros install</c> needs no GRUB tools: GRUB's <c>boot.img</c> goes into the MBR's code area and is told
/// where <c>core.img</c> starts; <c>core.img</c> goes into the BIOS boot partition with a block list in its first
/// sector that tells it where the rest of itself is. The offsets are GRUB's (<c>GRUB_BOOT_MACHINE_*</c> in
/// <c>include/grub/i386/pc/boot.h</c>); the recipe was verified in QEMU (SeaBIOS) with GRUB 2.12.
/// </summary>
public static class BiosBoot
{
    /// <summary>Bytes of boot code in an MBR; the disk signature and partition table follow.</summary>
    public const int MbrCodeBytes = 440;

    /// <summary>Offset of the BIOS parameter block GRUB keeps from the old MBR (0x03..0x59).</summary>
    public const int BpbStart = 0x03;

    /// <summary>End (exclusive) of the BIOS parameter block.</summary>
    public const int BpbEnd = 0x5a;

    /// <summary>Offset of the u64 first sector of core.img (<c>GRUB_BOOT_MACHINE_KERNEL_SECTOR</c>).</summary>
    public const int KernelSectorOffset = 0x5c;

    /// <summary>Offset of the boot drive byte (<c>GRUB_BOOT_MACHINE_BOOT_DRIVE</c>); 0xff means "the drive the BIOS
    /// booted from".</summary>
    public const int BootDriveOffset = 0x64;

    /// <summary>Offset of the two-byte drive check (<c>GRUB_BOOT_MACHINE_DRIVE_CHECK</c>), replaced by two NOPs for
    /// a hard disk.</summary>
    public const int DriveCheckOffset = 0x66;

    /// <summary>Real-mode segment core.img loads its remaining sectors to.</summary>
    public const ushort CoreSegment = 0x820;

    private const int Sector = GptLayout.SectorSize;

    /// <summary>The new sector 0: <paramref name="bootImg"/>'s 440 code bytes with the BIOS parameter block of
    /// <paramref name="currentMbr"/>, the first sector of core.img, the boot drive and the drive check patched, then
    /// bytes 440..511 (disk signature, partition table, 55 AA) of <paramref name="currentMbr"/> unchanged.</summary>
    /// <exception cref="ArgumentException">An input is not 512 bytes, or <paramref name="coreLba"/> is not positive.</exception>
    public static byte[] PatchMbr(ReadOnlySpan<byte> bootImg, ReadOnlySpan<byte> currentMbr, long coreLba)
    {
        if (bootImg.Length != Sector)
        {
            throw new ArgumentException($"boot.img must be {Sector} bytes, not {bootImg.Length}", nameof(bootImg));
        }
        if (currentMbr.Length != Sector)
        {
            throw new ArgumentException($"the current MBR must be {Sector} bytes, not {currentMbr.Length}", nameof(currentMbr));
        }
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(coreLba);
        var mbr = new byte[Sector];
        bootImg[..MbrCodeBytes].CopyTo(mbr);
        currentMbr[BpbStart..BpbEnd].CopyTo(mbr.AsSpan(BpbStart));
        BinaryPrimitives.WriteUInt64LittleEndian(mbr.AsSpan(KernelSectorOffset), (ulong)coreLba);
        mbr[BootDriveOffset] = 0xff;
        mbr[DriveCheckOffset] = 0x90;
        mbr[DriveCheckOffset + 1] = 0x90;
        currentMbr[MbrCodeBytes..].CopyTo(mbr.AsSpan(MbrCodeBytes));
        return mbr;
    }

    /// <summary>core.img padded with zeros to whole sectors, with the block list in the last 12 bytes of its first
    /// sector: u64 first sector of the rest (<paramref name="coreLba"/> + 1), u16 number of those sectors, u16 load
    /// segment 0x820. Write it at sector <paramref name="coreLba"/>.</summary>
    /// <exception cref="ArgumentException">core.img is empty, needs more than <paramref name="partitionBytes"/>, or
    /// has more sectors than the block list can count.</exception>
    public static byte[] PatchCore(ReadOnlySpan<byte> coreImg, long coreLba, long partitionBytes)
    {
        if (coreImg.IsEmpty)
        {
            throw new ArgumentException("core.img is empty", nameof(coreImg));
        }
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(coreLba);
        var sectors = (coreImg.Length + Sector - 1) / Sector;
        if ((long)sectors * Sector > partitionBytes)
        {
            throw new ArgumentException(
                $"core.img needs {sectors} sectors ({(long)sectors * Sector} bytes); the BIOS boot partition has {Math.Max(0, partitionBytes)} bytes",
                nameof(coreImg));
        }
        if (sectors - 1 > ushort.MaxValue)
        {
            throw new ArgumentException($"core.img has {sectors} sectors; its block list counts at most {ushort.MaxValue + 1}", nameof(coreImg));
        }
        var core = new byte[sectors * Sector];
        coreImg.CopyTo(core);
        var list = core.AsSpan(Sector - 12, 12);
        BinaryPrimitives.WriteUInt64LittleEndian(list, (ulong)(coreLba + 1));
        BinaryPrimitives.WriteUInt16LittleEndian(list[8..], (ushort)(sectors - 1));
        BinaryPrimitives.WriteUInt16LittleEndian(list[10..], CoreSegment);
        return core;
    }
}
