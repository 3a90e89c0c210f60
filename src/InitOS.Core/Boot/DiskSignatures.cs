using System.Buffers.Binary;
using System.Text;

namespace InitOS.Core.Boot;

/// <summary>
/// Recognises partition tables and filesystems from the first <see cref="ProbeLength"/> bytes of a
/// block device, as blkid's low-level probe does for the formats a state disk can plausibly carry.
/// Used to decide whether a device is blank before autoformatting it, and to find labels without udev.
/// </summary>
public static class DiskSignatures
{
    /// <summary>How many bytes of the device the probe needs (covers the btrfs and ISO 9660 superblocks).</summary>
    public const int ProbeLength = 68 * 1024;

    /// <summary>Every signature found in <paramref name="head"/> (the start of the device).</summary>
    public static IReadOnlyList<DiskSignature> Detect(ReadOnlySpan<byte> head)
    {
        var found = new List<DiskSignature>();
        // GPT: "EFI PART" at LBA 1 (512-byte sectors); a protective MBR precedes it.
        if (Has(head, 512, "EFI PART"u8))
        {
            found.Add(new("partition table", "gpt"));
        }
        else if (head.Length >= 512 && head[510] == 0x55 && head[511] == 0xAA && !IsFatBootSector(head) && HasMbrPartition(head))
        {
            found.Add(new("partition table", "dos"));
        }
        if (head.Length >= 1024 + 0x3A && BinaryPrimitives.ReadUInt16LittleEndian(head[(1024 + 0x38)..]) == 0xEF53)
        {
            var sb = head[1024..];
            var compat = BinaryPrimitives.ReadUInt32LittleEndian(sb[0x5C..]);
            var incompat = BinaryPrimitives.ReadUInt32LittleEndian(sb[0x60..]);
            var type = (incompat & 0x40) != 0 || (incompat & 0x200) != 0 ? "ext4" : (compat & 0x4) != 0 ? "ext3" : "ext2";
            found.Add(new("filesystem", type, Text(sb.Slice(0x78, 16))));
        }
        if (Has(head, 0, "XFSB"u8))
        {
            found.Add(new("filesystem", "xfs", Text(head.Slice(108, 12))));
        }
        if (Has(head, 65536 + 64, "_BHRfS_M"u8))
        {
            found.Add(new("filesystem", "btrfs", Text(head.Slice(65536 + 0x12B, 256))));
        }
        if (Has(head, 0, [0x4C, 0x55, 0x4B, 0x53, 0xBA, 0xBE]))
        {
            found.Add(new("signature", "crypto_LUKS"));
        }
        // md-raid superblock 1.1 (at 0) or 1.2 (at 4 KiB): magic 0xa92b4efc, little-endian.
        if (Has(head, 0, [0xFC, 0x4E, 0x2B, 0xA9]) || Has(head, 4096, [0xFC, 0x4E, 0x2B, 0xA9]))
        {
            found.Add(new("signature", "linux_raid_member"));
        }
        // bcache: the superblock at 4 KiB, its 16-byte magic 24 bytes in.
        if (Has(head, 4096 + 24, [0xC6, 0x85, 0x73, 0xF6, 0x4E, 0x1A, 0x45, 0xCA, 0x82, 0x65, 0xF5, 0x7F, 0x48, 0xBA, 0x6D, 0x81]))
        {
            found.Add(new("signature", "bcache"));
        }
        if (Has(head, 0, "hsqs"u8))
        {
            found.Add(new("filesystem", "squashfs"));
        }
        if (Has(head, 4086, "SWAPSPACE2"u8) || Has(head, 4086, "SWAP-SPACE"u8))
        {
            found.Add(new("signature", "swap", Text(head.Slice(1024 + 28, 16))));
        }
        if (Has(head, 512 + 0, "LABELONE"u8) && Has(head, 512 + 24, "LVM2 001"u8))
        {
            found.Add(new("signature", "LVM2_member"));
        }
        if (Has(head, 32769, "CD001"u8))
        {
            found.Add(new("filesystem", "iso9660", Text(head.Slice(32768 + 40, 32))));
        }
        if (IsFatBootSector(head))
        {
            var fat32 = Has(head, 82, "FAT32"u8);
            found.Add(new("filesystem", "vfat", Text(head.Slice(fat32 ? 71 : 43, 11))));
        }
        return found;
    }

    /// <summary>The label of the first filesystem found, or null.</summary>
    public static string? Label(ReadOnlySpan<byte> head)
    {
        foreach (var signature in Detect(head))
        {
            if (signature.Kind == "filesystem" && signature.Label is { Length: > 0 } label)
            {
                return label;
            }
        }
        return null;
    }

    /// <summary>The filesystem UUID of an ext2/3/4 or XFS filesystem in <paramref name="head"/>, lower-case; null otherwise.</summary>
    public static string? Uuid(ReadOnlySpan<byte> head)
    {
        if (head.Length >= 1024 + 0x78 && BinaryPrimitives.ReadUInt16LittleEndian(head[(1024 + 0x38)..]) == 0xEF53)
        {
            return FormatUuid(head.Slice(1024 + 0x68, 16));
        }
        if (Has(head, 0, "XFSB"u8))
        {
            return FormatUuid(head.Slice(32, 16));
        }
        return null;
    }

    private static string FormatUuid(ReadOnlySpan<byte> b)
    {
        var hex = Convert.ToHexStringLower(b);
        return $"{hex[..8]}-{hex[8..12]}-{hex[12..16]}-{hex[16..20]}-{hex[20..]}";
    }

    private static bool IsFatBootSector(ReadOnlySpan<byte> head) =>
        head.Length >= 512 && head[510] == 0x55 && head[511] == 0xAA && (Has(head, 54, "FAT1"u8) || Has(head, 82, "FAT32"u8));

    private static bool HasMbrPartition(ReadOnlySpan<byte> head)
    {
        for (var i = 0; i < 4; i++)
        {
            var entry = head.Slice(446 + (16 * i), 16);
            if (entry[4] != 0 && (entry[0] == 0 || entry[0] == 0x80))
            {
                return true;
            }
        }
        return false;
    }

    private static bool Has(ReadOnlySpan<byte> head, int offset, ReadOnlySpan<byte> magic) =>
        head.Length >= offset + magic.Length && head.Slice(offset, magic.Length).SequenceEqual(magic);

    private static string? Text(ReadOnlySpan<byte> bytes)
    {
        var end = bytes.IndexOf((byte)0);
        var text = Encoding.UTF8.GetString(end >= 0 ? bytes[..end] : bytes).Trim();
        return text.Length == 0 || text == "NO NAME" ? null : text;
    }
}
