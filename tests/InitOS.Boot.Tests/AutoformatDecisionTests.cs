using InitOS.Core.Boot;

namespace InitOS.Boot.Tests;

public class AutoformatDecisionTests
{
    private const long Mib = 1 << 20;

    private static List<(ByteRange Range, byte[] Data)> Ends(long size) =>
        BlankCheck.Ranges(size).Select(r => (r, new byte[r.Length])).ToList();

    [Fact]
    public void Ranges_are_the_first_and_last_mib_and_never_more_than_two_mib()
    {
        Assert.Equal([new ByteRange(0, (int)Mib), new ByteRange((64 * Mib) - Mib, (int)Mib)], BlankCheck.Ranges(64 * Mib));
        Assert.Equal([new ByteRange(0, (int)Mib), new ByteRange((1L << 40) - Mib, (int)Mib)], BlankCheck.Ranges(1L << 40));
        Assert.Equal([new ByteRange(0, (int)(2 * Mib))], BlankCheck.Ranges(2 * Mib));
        Assert.Equal([new ByteRange(0, 4096)], BlankCheck.Ranges(4096));
        Assert.Empty(BlankCheck.Ranges(0));
        foreach (var size in new[] { 4096L, Mib + 1, 2 * Mib, (2 * Mib) + 1, 64 * Mib, 1L << 40 })
        {
            Assert.True(BlankCheck.Ranges(size).Sum(r => (long)r.Length) <= 2 * Mib);
        }
    }

    [Fact]
    public void Issue_12_data_past_the_signature_probe_is_not_blank()
    {
        // The reported case: a 64 MiB disk holding 4 MiB of data that starts inside the first MiB, past the
        // 68 KiB the signature probe reads, with no known signature. The old rule saw nothing and formatted.
        var reads = Ends(64 * Mib);
        Assert.Empty(DiskSignatures.Detect(reads[0].Data.AsSpan(0, DiskSignatures.ProbeLength)));
        reads[0].Data.AsSpan(512 * 1024).Fill(0x5A);
        var d = AutoformatDecision.Decide("/dev/vda", 64 * Mib, reads);
        Assert.False(d.Format);
        Assert.Equal("Refusing to autoformat '/dev/vda': it has non-zero data at byte offset 524288, not provably blank, leaving it untouched", d.Message);
    }

    [Fact]
    public void Data_in_the_last_mib_only_is_found_at_its_device_offset()
    {
        var reads = Ends(64 * Mib);
        reads[1].Data[100] = 1;
        var d = AutoformatDecision.Decide("/dev/vdb", 64 * Mib, reads);
        Assert.False(d.Format);
        Assert.Contains($"non-zero data at byte offset {(63 * Mib) + 100}", d.Message);
    }

    [Fact]
    public void Known_signature_is_named_rather_than_the_offset()
    {
        var reads = Ends(64 * Mib);
        new byte[] { 0xFC, 0x4E, 0x2B, 0xA9 }.CopyTo(reads[0].Data, 4096);
        var d = AutoformatDecision.Decide("/dev/vdb", 64 * Mib, reads);
        Assert.False(d.Format);
        Assert.Equal("Refusing to autoformat '/dev/vdb': it has a linux_raid_member signature, not provably blank, leaving it untouched", d.Message);
    }

    [Fact]
    public void Luks_and_bcache_headers_are_refused_by_name()
    {
        var luks = Ends(64 * Mib);
        new byte[] { 0x4C, 0x55, 0x4B, 0x53, 0xBA, 0xBE }.CopyTo(luks[0].Data, 0);
        Assert.Contains("a crypto_LUKS signature", AutoformatDecision.Decide("/dev/vdb", 64 * Mib, luks).Message);

        var bcache = Ends(64 * Mib);
        new byte[] { 0xC6, 0x85, 0x73, 0xF6, 0x4E, 0x1A, 0x45, 0xCA, 0x82, 0x65, 0xF5, 0x7F, 0x48, 0xBA, 0x6D, 0x81 }.CopyTo(bcache[0].Data, 4096 + 24);
        var d = AutoformatDecision.Decide("/dev/vdb", 64 * Mib, bcache);
        Assert.False(d.Format);
        Assert.Contains("a bcache signature", d.Message);
    }

    [Fact]
    public void Short_or_missing_read_and_unknown_size_are_refused()
    {
        var reads = Ends(64 * Mib);
        reads[1] = (reads[1].Range, new byte[10]);
        var shortRead = AutoformatDecision.Decide("/dev/vdb", 64 * Mib, reads);
        Assert.False(shortRead.Format);
        Assert.Equal($"Refusing to autoformat '/dev/vdb': 1048576 bytes at byte offset {63 * Mib} could not be read, not provably blank, leaving it untouched", shortRead.Message);

        var missing = AutoformatDecision.Decide("/dev/vdb", 64 * Mib, Ends(64 * Mib).Take(1).ToList());
        Assert.False(missing.Format);

        var unknown = AutoformatDecision.Decide("/dev/vdb", 0, []);
        Assert.False(unknown.Format);
        Assert.Equal("Refusing to autoformat '/dev/vdb': its size is unknown, not provably blank, leaving it untouched", unknown.Message);
    }

    [Fact]
    public void Small_all_zero_device_is_formatted()
    {
        Assert.True(AutoformatDecision.Decide("/dev/vdc", 512 * 1024, Ends(512 * 1024)).Format);
    }
}
