using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using InitOS.Core.Lifecycle;

namespace InitOS.Core.Tests.Lifecycle;

public class GptTests
{
    private const long GiB = 1L << 30;
    private const long MiB = 1L << 20;

    private static readonly Guid DiskGuid = new("5b1d6a40-0d7e-4f0a-9c1e-7c9a4d1e2f30");
    private static readonly Guid[] PartGuids =
    [
        new("11111111-2222-4333-8444-555555555551"), new("11111111-2222-4333-8444-555555555552"),
        new("11111111-2222-4333-8444-555555555553"), new("11111111-2222-4333-8444-555555555554"),
    ];

    [Fact]
    public void Crc32_matches_the_standard_check_value()
    {
        Assert.Equal(0xCBF43926u, Crc32.Compute("123456789"u8));
        Assert.Equal(0u, Crc32.Compute([]));
    }

    [Fact]
    public void Layout_for_a_3_GiB_disk()
    {
        var plan = GptLayout.Plan(3 * GiB);
        Assert.Equal(
        [
            new GptPartition(1, "BIOS-BOOT", GptLayout.BiosBootType, 2048, 4095),
            new GptPartition(2, "EFI-SYSTEM", GptLayout.EspType, 4096, 135167),
            new GptPartition(3, "INITOS_BOOT", GptLayout.LinuxType, 135168, 2232319),
            new GptPartition(4, "RANCHER_STATE", GptLayout.LinuxType, 2232320, 6289407),
        ], plan);
        Assert.Equal(1 * MiB, plan[0].SizeBytes);
        Assert.Equal(64 * MiB, plan[1].SizeBytes);
        Assert.Equal(1 * GiB, plan[2].SizeBytes);
        Assert.Equal(3 * GiB - 1090 * MiB - 1 * MiB, plan[3].SizeBytes); // the last MiB holds the backup GPT
        Assert.All(plan, p => Assert.Equal(0, p.FirstLba % 2048));
        Assert.All(plan, p => Assert.Equal(0, (p.LastLba + 1) % 2048));
    }

    [Fact]
    public void The_type_guids_are_the_well_known_ones()
    {
        Assert.Equal("21686148-6449-6e6f-744e-656564454649", GptLayout.BiosBootType.ToString());
        Assert.Equal("c12a7328-f81f-11d2-ba4b-00a0c93ec93b", GptLayout.EspType.ToString());
        Assert.Equal("0fc63daf-8483-4772-8e79-3d69d8477de4", GptLayout.LinuxType.ToString());
    }

    [Fact]
    public void The_smallest_disk_fits_a_512_MiB_state_partition_and_one_sector_less_does_not()
    {
        var min = GptLayout.MinDiskBytes;
        Assert.Equal((1602L * 2048 + 33) * 512, min);
        Assert.Equal(GptLayout.MinStateBytes, GptLayout.Plan(min)[3].SizeBytes);
        Assert.Null(GptLayout.TooSmall(min));
        var e = Assert.Throws<ArgumentException>(() => GptLayout.Plan(min - 1));
        Assert.StartsWith("the disk is 1602 MiB; InitOS needs at least 1603 MiB", e.Message);
    }

    [Theory]
    [InlineData(0L, "the disk is 0 MiB")]
    [InlineData(1L << 30, "the disk is 1024 MiB; InitOS needs at least 1603 MiB")]
    [InlineData(-5L, "the disk is 0 MiB")]
    public void Too_small_disks_are_refused_with_both_sizes(long bytes, string expected)
    {
        var e = Assert.Throws<ArgumentException>(() => GptLayout.Plan(bytes));
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void Build_writes_the_protective_mbr_headers_and_entries_with_valid_crcs()
    {
        var size = 3 * GiB;
        var image = GptWriter.Build(size, GptLayout.Plan(size), DiskGuid, PartGuids);
        Assert.Equal(34 * 512, image.Head.Length);
        Assert.Equal(33 * 512, image.Tail.Length);
        Assert.Equal(size - 33 * 512, image.TailOffset);

        var mbr = image.Head.AsSpan(0, 512);
        Assert.Equal(0xEE, mbr[446 + 4]);
        Assert.Equal(1u, BinaryPrimitives.ReadUInt32LittleEndian(mbr[(446 + 8)..]));
        Assert.Equal((uint)(size / 512 - 1), BinaryPrimitives.ReadUInt32LittleEndian(mbr[(446 + 12)..]));
        Assert.Equal([0x55, 0xAA], mbr[510..].ToArray());
        Assert.True(mbr[462..510].ToArray().All(b => b == 0));

        var lastLba = size / 512 - 1;
        CheckHeader(image.Head.AsSpan(512, 512), myLba: 1, alternate: lastLba, entriesLba: 2, image.Head.AsSpan(1024, 16384), lastLba);
        CheckHeader(image.Tail.AsSpan(32 * 512, 512), myLba: lastLba, alternate: 1, entriesLba: lastLba - 32, image.Tail.AsSpan(0, 16384), lastLba);

        var entry = image.Head.AsSpan(1024 + 2 * 128, 128);
        Assert.Equal(GptLayout.LinuxType, new Guid(entry[..16]));
        Assert.Equal(PartGuids[2], new Guid(entry[16..32]));
        Assert.Equal(135168, BinaryPrimitives.ReadInt64LittleEndian(entry[32..]));
        Assert.Equal(2232319, BinaryPrimitives.ReadInt64LittleEndian(entry[40..]));
        Assert.Equal("INITOS_BOOT", Encoding.Unicode.GetString(entry[56..]).TrimEnd('\0'));
        Assert.True(image.Head.AsSpan(1024 + 4 * 128, 124 * 128).ToArray().All(b => b == 0));
    }

    private static void CheckHeader(ReadOnlySpan<byte> h, long myLba, long alternate, long entriesLba, ReadOnlySpan<byte> entries, long lastLba)
    {
        Assert.Equal("EFI PART", Encoding.ASCII.GetString(h[..8]));
        Assert.Equal(0x00010000u, BinaryPrimitives.ReadUInt32LittleEndian(h[8..]));
        Assert.Equal(92u, BinaryPrimitives.ReadUInt32LittleEndian(h[12..]));
        var copy = h[..92].ToArray();
        copy.AsSpan(16, 4).Clear();
        Assert.Equal(Crc32.Compute(copy), BinaryPrimitives.ReadUInt32LittleEndian(h[16..]));
        Assert.Equal(myLba, BinaryPrimitives.ReadInt64LittleEndian(h[24..]));
        Assert.Equal(alternate, BinaryPrimitives.ReadInt64LittleEndian(h[32..]));
        Assert.Equal(34, BinaryPrimitives.ReadInt64LittleEndian(h[40..]));
        Assert.Equal(lastLba - 33, BinaryPrimitives.ReadInt64LittleEndian(h[48..]));
        Assert.Equal(DiskGuid, new Guid(h[56..72]));
        Assert.Equal(entriesLba, BinaryPrimitives.ReadInt64LittleEndian(h[72..]));
        Assert.Equal(128u, BinaryPrimitives.ReadUInt32LittleEndian(h[80..]));
        Assert.Equal(128u, BinaryPrimitives.ReadUInt32LittleEndian(h[84..]));
        Assert.Equal(Crc32.Compute(entries), BinaryPrimitives.ReadUInt32LittleEndian(h[88..]));
        Assert.True(h[92..].ToArray().All(b => b == 0));
    }

    [Fact]
    public void Build_refuses_bad_partitions()
    {
        var size = 3 * GiB;
        var plan = GptLayout.Plan(size);
        void Refused(IReadOnlyList<GptPartition> parts, string expected, IReadOnlyList<Guid>? guids = null)
        {
            var e = Assert.Throws<ArgumentException>(() => GptWriter.Build(size, parts, DiskGuid, guids ?? PartGuids.Take(parts.Count).ToArray()));
            Assert.Contains(expected, e.Message);
        }
        Refused([plan[0], plan[1] with { FirstLba = 4000 }], "partition 1 'BIOS-BOOT' overlaps partition 2");
        Refused([plan[0] with { FirstLba = 33 }], "outside the usable 34..");
        Refused([plan[3] with { LastLba = size / 512 - 33 }], "outside the usable");
        Refused([plan[0] with { FirstLba = 5000 }], "outside the usable");
        Refused([plan[0], plan[1] with { Number = 1 }], "repeats a partition number");
        Refused([plan[0] with { Number = 129 }], "has number 129");
        Refused([plan[0] with { Type = Guid.Empty }], "empty type");
        Refused([plan[0] with { Name = new string('n', 37) }], "longer than 36");
        Refused(plan, "4 partitions but 3 partition GUIDs", PartGuids.Take(3).ToArray());
        Refused([plan[0]], "GUID is empty", [Guid.Empty]);
        Assert.Throws<ArgumentException>(() => GptWriter.Build(66 * 512, [], DiskGuid, []));
    }

    [RequiresToolFact("sfdisk", "fdisk")]
    public void Sfdisk_reads_the_table_back_without_complaint()
    {
        var size = 3 * GiB;
        var plan = GptLayout.Plan(size);
        using var disk = SparseDisk.Create(size, GptWriter.Build(size, plan, DiskGuid, PartGuids));

        var json = HostTool.Run("sfdisk", "--json", disk.Path);
        Assert.True(json.Code == 0, json.Stderr);
        Assert.Equal("", json.Stderr);
        var table = JsonDocument.Parse(json.Stdout).RootElement.GetProperty("partitiontable");
        Assert.Equal("gpt", table.GetProperty("label").GetString());
        Assert.Equal(DiskGuid, Guid.Parse(table.GetProperty("id").GetString()!));
        Assert.Equal(34, table.GetProperty("firstlba").GetInt64());
        Assert.Equal(size / 512 - 34, table.GetProperty("lastlba").GetInt64());
        var parts = table.GetProperty("partitions").EnumerateArray().ToList();
        Assert.Equal(4, parts.Count);
        for (var i = 0; i < 4; i++)
        {
            Assert.Equal(disk.Path + (i + 1), parts[i].GetProperty("node").GetString());
            Assert.Equal(plan[i].FirstLba, parts[i].GetProperty("start").GetInt64());
            Assert.Equal(plan[i].LastLba - plan[i].FirstLba + 1, parts[i].GetProperty("size").GetInt64());
            Assert.Equal(plan[i].Type, Guid.Parse(parts[i].GetProperty("type").GetString()!));
            Assert.Equal(PartGuids[i], Guid.Parse(parts[i].GetProperty("uuid").GetString()!));
            Assert.Equal(plan[i].Name, parts[i].GetProperty("name").GetString());
        }

        var verify = HostTool.Run("sfdisk", "--verify", disk.Path);
        Assert.True(verify.Code == 0, verify.Stdout + verify.Stderr);
        Assert.Equal("", verify.Stderr);
        Assert.Contains("No errors detected.", verify.Stdout);
        Assert.Contains("Using 4 out of 128 partitions.", verify.Stdout);
        foreach (var word in new[] { "warning", "corrupt", "mismatch", "overlap", "invalid" })
        {
            Assert.DoesNotContain(word, verify.Stdout, StringComparison.OrdinalIgnoreCase);
        }
    }

    [RequiresToolFact("sfdisk", "fdisk")]
    public void Sfdisk_finds_the_same_table_in_the_backup_when_the_primary_is_gone()
    {
        var size = 3 * GiB + 17 * 512; // not a whole number of MiB
        var plan = GptLayout.Plan(size);
        var image = GptWriter.Build(size, plan, DiskGuid, PartGuids);
        image.Head.AsSpan(512, 512).Clear();
        using var disk = SparseDisk.Create(size, image);

        var json = HostTool.Run("sfdisk", "--json", disk.Path);
        Assert.True(json.Code == 0, json.Stderr);
        Assert.Contains("backup appears OK", json.Stderr);
        var parts = JsonDocument.Parse(json.Stdout).RootElement.GetProperty("partitiontable").GetProperty("partitions").EnumerateArray().ToList();
        Assert.Equal(plan.Select(p => p.FirstLba), parts.Select(p => p.GetProperty("start").GetInt64()));
        Assert.Equal(plan[3].LastLba, parts[3].GetProperty("start").GetInt64() + parts[3].GetProperty("size").GetInt64() - 1);
    }

    /// <summary>A sparse temp file of the disk's size with the GPT written at both ends.</summary>
    private sealed class SparseDisk : IDisposable
    {
        private SparseDisk(string path) => Path = path;

        public string Path { get; }

        public static SparseDisk Create(long size, GptImage image)
        {
            var disk = new SparseDisk(System.IO.Path.Join(System.IO.Path.GetTempPath(), $"initos-gpt-{Guid.NewGuid():N}.img"));
            using var file = File.Create(disk.Path);
            file.SetLength(size);
            file.Position = 0;
            file.Write(image.Head);
            file.Position = image.TailOffset;
            file.Write(image.Tail);
            return disk;
        }

        public void Dispose() => File.Delete(Path);
    }
}
