using System.Buffers.Binary;
using System.Text;

namespace InitOS.Core.Lifecycle;

/// <summary>
/// Builds a GUID partition table as the UEFI specification (2.x, chapter 5) lays it out, for 512-byte sectors:
/// a protective MBR with one partition of type 0xEE over the whole disk, the primary header at LBA 1 and 128
/// entries of 128 bytes at LBA 2..33; at the end of the disk the same entries, then the backup header on the last
/// sector. Headers and the entry array carry CRC-32 (<see cref="Crc32"/>); names are UTF-16LE; GUIDs are stored
/// in the mixed-endian order <see cref="Guid.TryWriteBytes(Span{byte})"/> produces. Partition N goes in entry N-1.
/// </summary>
public static class GptWriter
{
    /// <summary>Entries in each table.</summary>
    public const int EntryCount = 128;

    /// <summary>Bytes per entry.</summary>
    public const int EntrySize = 128;

    /// <summary>Longest partition name, in UTF-16 code units.</summary>
    public const int MaxNameLength = 36;

    private const int Sector = GptLayout.SectorSize;
    private const int EntrySectors = EntryCount * EntrySize / Sector;
    private const int HeaderSize = 92;

    /// <summary>The tables for a disk of <paramref name="diskBytes"/> holding <paramref name="partitions"/>.</summary>
    /// <param name="diskBytes">Size of the disk; a partial last sector is not used.</param>
    /// <param name="partitions">The partitions, each within the usable sectors and not overlapping another.</param>
    /// <param name="diskGuid">The disk's GUID.</param>
    /// <param name="partitionGuids">Each partition's unique GUID, in the order of <paramref name="partitions"/>.</param>
    /// <exception cref="ArgumentException">The disk is too small for a GPT, or a partition is out of range,
    /// overlaps, repeats a number, has an empty type or GUID, or a name longer than <see cref="MaxNameLength"/>.</exception>
    public static GptImage Build(long diskBytes, IReadOnlyList<GptPartition> partitions, Guid diskGuid, IReadOnlyList<Guid> partitionGuids)
    {
        var sectors = diskBytes / Sector;
        var lastLba = sectors - 1;
        var firstUsable = 2L + EntrySectors;
        var lastUsable = lastLba - EntrySectors - 1;
        if (lastUsable < firstUsable)
        {
            throw new ArgumentException($"a disk of {diskBytes} bytes is too small for a GPT", nameof(diskBytes));
        }
        Check(partitions, partitionGuids, firstUsable, lastUsable);

        var entries = new byte[EntryCount * EntrySize];
        for (var i = 0; i < partitions.Count; i++)
        {
            WriteEntry(entries.AsSpan((partitions[i].Number - 1) * EntrySize, EntrySize), partitions[i], partitionGuids[i]);
        }
        var entriesCrc = Crc32.Compute(entries);

        var head = new byte[(int)firstUsable * Sector];
        WriteProtectiveMbr(head.AsSpan(0, Sector), sectors);
        WriteHeader(head.AsSpan(Sector, Sector), myLba: 1, alternateLba: lastLba, entriesLba: 2,
            firstUsable, lastUsable, diskGuid, entriesCrc);
        entries.CopyTo(head, 2 * Sector);

        var tailLba = lastLba - EntrySectors;
        var tail = new byte[(EntrySectors + 1) * Sector];
        entries.CopyTo(tail, 0);
        WriteHeader(tail.AsSpan(EntrySectors * Sector, Sector), myLba: lastLba, alternateLba: 1, entriesLba: tailLba,
            firstUsable, lastUsable, diskGuid, entriesCrc);
        return new GptImage(head, tail, tailLba * Sector);
    }

    private static void Check(IReadOnlyList<GptPartition> partitions, IReadOnlyList<Guid> guids, long firstUsable, long lastUsable)
    {
        if (partitions.Count != guids.Count)
        {
            throw new ArgumentException($"{partitions.Count} partitions but {guids.Count} partition GUIDs", nameof(guids));
        }
        if (partitions.Count > EntryCount)
        {
            throw new ArgumentException($"a GPT holds at most {EntryCount} partitions", nameof(partitions));
        }
        var numbers = new HashSet<int>();
        foreach (var p in partitions)
        {
            string? problem = null;
            if (p.Number is < 1 or > EntryCount)
            {
                problem = $"has number {p.Number}; numbers run from 1 to {EntryCount}";
            }
            else if (!numbers.Add(p.Number))
            {
                problem = "repeats a partition number";
            }
            else if (p.Type == Guid.Empty)
            {
                problem = "has the empty type GUID (that marks an unused entry)";
            }
            else if (p.FirstLba < firstUsable || p.LastLba > lastUsable || p.FirstLba > p.LastLba)
            {
                problem = $"spans sectors {p.FirstLba}..{p.LastLba}, outside the usable {firstUsable}..{lastUsable}";
            }
            else if ((p.Name ?? "").Length > MaxNameLength)
            {
                problem = $"has a name longer than {MaxNameLength} characters";
            }
            else if (partitions.FirstOrDefault(o => !ReferenceEquals(o, p) && o.FirstLba <= p.LastLba && p.FirstLba <= o.LastLba) is { } other)
            {
                problem = $"overlaps partition {other.Number}";
            }
            if (problem != null)
            {
                throw new ArgumentException($"partition {p.Number} '{p.Name}' {problem}", nameof(partitions));
            }
        }
        if (guids.Any(g => g == Guid.Empty))
        {
            throw new ArgumentException("a partition GUID is empty", nameof(guids));
        }
    }

    private static void WriteProtectiveMbr(Span<byte> mbr, long sectors)
    {
        var entry = mbr.Slice(446, 16);
        entry[1] = 0x00; // CHS of the start: head 0, sector 2, cylinder 0
        entry[2] = 0x02;
        entry[3] = 0x00;
        entry[4] = 0xEE; // GPT protective
        entry[5] = 0xFF; // CHS of the end: as far as CHS reaches
        entry[6] = 0xFF;
        entry[7] = 0xFF;
        BinaryPrimitives.WriteUInt32LittleEndian(entry[8..], 1);
        BinaryPrimitives.WriteUInt32LittleEndian(entry[12..], (uint)Math.Min(sectors - 1, uint.MaxValue));
        mbr[510] = 0x55;
        mbr[511] = 0xAA;
    }

    private static void WriteHeader(Span<byte> sector, long myLba, long alternateLba, long entriesLba,
        long firstUsable, long lastUsable, Guid diskGuid, uint entriesCrc)
    {
        Encoding.ASCII.GetBytes("EFI PART", sector);
        BinaryPrimitives.WriteUInt32LittleEndian(sector[8..], 0x00010000);
        BinaryPrimitives.WriteUInt32LittleEndian(sector[12..], HeaderSize);
        BinaryPrimitives.WriteUInt64LittleEndian(sector[24..], (ulong)myLba);
        BinaryPrimitives.WriteUInt64LittleEndian(sector[32..], (ulong)alternateLba);
        BinaryPrimitives.WriteUInt64LittleEndian(sector[40..], (ulong)firstUsable);
        BinaryPrimitives.WriteUInt64LittleEndian(sector[48..], (ulong)lastUsable);
        diskGuid.TryWriteBytes(sector.Slice(56, 16));
        BinaryPrimitives.WriteUInt64LittleEndian(sector[72..], (ulong)entriesLba);
        BinaryPrimitives.WriteUInt32LittleEndian(sector[80..], EntryCount);
        BinaryPrimitives.WriteUInt32LittleEndian(sector[84..], EntrySize);
        BinaryPrimitives.WriteUInt32LittleEndian(sector[88..], entriesCrc);
        BinaryPrimitives.WriteUInt32LittleEndian(sector[16..], Crc32.Compute(sector[..HeaderSize]));
    }

    private static void WriteEntry(Span<byte> entry, GptPartition p, Guid unique)
    {
        p.Type.TryWriteBytes(entry[..16]);
        unique.TryWriteBytes(entry.Slice(16, 16));
        BinaryPrimitives.WriteUInt64LittleEndian(entry[32..], (ulong)p.FirstLba);
        BinaryPrimitives.WriteUInt64LittleEndian(entry[40..], (ulong)p.LastLba);
        Encoding.Unicode.GetBytes(p.Name ?? "", entry[56..]);
    }
}
