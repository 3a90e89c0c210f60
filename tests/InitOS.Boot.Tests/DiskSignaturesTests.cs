using System.Text;
using InitOS.Core.Boot;

namespace InitOS.Boot.Tests;

public class DiskSignaturesTests
{
    private static byte[] Blank() => new byte[DiskSignatures.ProbeLength];

    /// <summary>All-zero reads of the ranges the blank check asks for on a device of <paramref name="size"/> bytes.</summary>
    private static List<(ByteRange Range, byte[] Data)> Ends(long size) =>
        BlankCheck.Ranges(size).Select(r => (r, new byte[r.Length])).ToList();

    [Fact]
    public void Zeroed_device_is_blank_and_formatted()
    {
        Assert.Empty(DiskSignatures.Detect(Blank()));
        var d = AutoformatDecision.Decide("/dev/vdb", 64L << 20, Ends(64L << 20));
        Assert.True(d.Format);
        Assert.Equal("Formatting blank device '/dev/vdb' as the state partition (first and last MiB all zeros)", d.Message);
    }

    [Fact]
    public void Ext4_superblock_is_found_with_label_and_uuid()
    {
        var head = Blank();
        head[1024 + 0x38] = 0x53;
        head[1024 + 0x39] = 0xEF;
        head[1024 + 0x60] = 0x40; // INCOMPAT_EXTENTS
        Encoding.ASCII.GetBytes("DATA").CopyTo(head, 1024 + 0x78);
        for (var i = 0; i < 16; i++)
        {
            head[1024 + 0x68 + i] = (byte)(0x10 + i);
        }
        Assert.Equal([new DiskSignature("filesystem", "ext4", "DATA")], DiskSignatures.Detect(head));
        Assert.Equal("DATA", DiskSignatures.Label(head));
        Assert.Equal("10111213-1415-1617-1819-1a1b1c1d1e1f", DiskSignatures.Uuid(head));
        var reads = Ends(64L << 20);
        head.CopyTo(reads[0].Data, 0);
        var d = AutoformatDecision.Decide("/dev/vdb", 64L << 20, reads);
        Assert.False(d.Format);
        Assert.Equal("Refusing to autoformat '/dev/vdb': it has an ext4 filesystem labelled 'DATA', not provably blank, leaving it untouched", d.Message);
    }

    [Fact]
    public void Mbr_and_gpt_partition_tables_are_found()
    {
        var mbr = Blank();
        mbr[510] = 0x55;
        mbr[511] = 0xAA;
        mbr[446 + 4] = 0x83;
        Assert.Equal([new DiskSignature("partition table", "dos")], DiskSignatures.Detect(mbr));

        var gpt = Blank();
        gpt[510] = 0x55;
        gpt[511] = 0xAA;
        gpt[446 + 4] = 0xEE;
        Encoding.ASCII.GetBytes("EFI PART").CopyTo(gpt, 512);
        Assert.Equal("a gpt partition table", Assert.Single(DiskSignatures.Detect(gpt)).Describe());
    }

    [Theory]
    [InlineData(0, "XFSB", "xfs")]
    [InlineData(65536 + 64, "_BHRfS_M", "btrfs")]
    [InlineData(4086, "SWAPSPACE2", "swap")]
    [InlineData(32769, "CD001", "iso9660")]
    [InlineData(0, "hsqs", "squashfs")]
    public void Other_formats_are_found(int offset, string magic, string type)
    {
        var head = Blank();
        Encoding.ASCII.GetBytes(magic).CopyTo(head, offset);
        Assert.Contains(DiskSignatures.Detect(head), s => s.Type == type);
    }

    [Fact]
    public void Luks_header_is_found()
    {
        var head = Blank();
        new byte[] { 0x4C, 0x55, 0x4B, 0x53, 0xBA, 0xBE }.CopyTo(head, 0);
        Assert.Equal("a crypto_LUKS signature", Assert.Single(DiskSignatures.Detect(head)).Describe());
    }

    [Fact]
    public void Short_read_is_not_an_error()
    {
        Assert.Empty(DiskSignatures.Detect(new byte[100]));
    }
}
