using System.Buffers.Binary;
using InitOS.Core.Lifecycle;

namespace InitOS.Core.Tests.Lifecycle;

public class BiosBootTests
{
    private const string GrubPc = "/usr/lib/grub/i386-pc";

    private static byte[] Filled(int length, byte start)
    {
        var bytes = new byte[length];
        for (var i = 0; i < length; i++)
        {
            bytes[i] = (byte)(start + i);
        }
        return bytes;
    }

    private static byte[] ProtectiveMbr() =>
        GptWriter.Build(3L << 30, GptLayout.Plan(3L << 30), Guid.NewGuid(), [Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid()]).Head[..512];

    [Fact]
    public void PatchMbr_takes_code_from_boot_img_and_keeps_bpb_and_table_from_the_disk()
    {
        var boot = Filled(512, 0x10);
        var current = Filled(512, 0x80);
        var mbr = BiosBoot.PatchMbr(boot, current, 2048);

        Assert.Equal(512, mbr.Length);
        Assert.Equal(boot[..3], mbr[..3]);
        Assert.Equal(current[0x03..0x5a], mbr[0x03..0x5a]);
        Assert.Equal(boot[0x5a..0x5c], mbr[0x5a..0x5c]);
        Assert.Equal(2048ul, BinaryPrimitives.ReadUInt64LittleEndian(mbr.AsSpan(0x5c)));
        Assert.Equal(0xff, mbr[0x64]);
        Assert.Equal(boot[0x65], mbr[0x65]);
        Assert.Equal([0x90, 0x90], mbr[0x66..0x68]);
        Assert.Equal(boot[0x68..440], mbr[0x68..440]);
        Assert.Equal(current[440..], mbr[440..]);
    }

    [Fact]
    public void PatchMbr_refuses_wrong_sizes()
    {
        Assert.Throws<ArgumentException>(() => BiosBoot.PatchMbr(new byte[511], new byte[512], 2048));
        Assert.Throws<ArgumentException>(() => BiosBoot.PatchMbr(new byte[512], new byte[440], 2048));
        Assert.Throws<ArgumentOutOfRangeException>(() => BiosBoot.PatchMbr(new byte[512], new byte[512], 0));
    }

    [Fact]
    public void PatchCore_pads_to_sectors_and_writes_the_blocklist_in_the_first_sector()
    {
        var core = Filled(3 * 512 + 100, 1);
        var patched = BiosBoot.PatchCore(core, 2048, GptLayout.BiosBootBytes);

        Assert.Equal(4 * 512, patched.Length);
        Assert.Equal(core[..500], patched[..500]);
        Assert.Equal(2049ul, BinaryPrimitives.ReadUInt64LittleEndian(patched.AsSpan(500)));
        Assert.Equal((ushort)3, BinaryPrimitives.ReadUInt16LittleEndian(patched.AsSpan(508)));
        Assert.Equal((ushort)0x820, BinaryPrimitives.ReadUInt16LittleEndian(patched.AsSpan(510)));
        Assert.Equal(core[512..], patched[512..core.Length]);
        Assert.True(patched[core.Length..].All(b => b == 0));
    }

    [Fact]
    public void PatchCore_fits_exactly_and_refuses_what_does_not_fit()
    {
        Assert.Equal(2048 * 512, BiosBoot.PatchCore(new byte[2048 * 512], 2048, GptLayout.BiosBootBytes).Length);
        var e = Assert.Throws<ArgumentException>(() => BiosBoot.PatchCore(new byte[2048 * 512 + 1], 2048, GptLayout.BiosBootBytes));
        Assert.Contains("2049 sectors", e.Message);
        Assert.Throws<ArgumentException>(() => BiosBoot.PatchCore([], 2048, GptLayout.BiosBootBytes));
    }

    [RequiresFileFact(GrubPc + "/boot.img", "grub-pc-bin")]
    public void The_offsets_are_where_grubs_boot_img_keeps_its_defaults()
    {
        var boot = File.ReadAllBytes(Path.Join(GrubPc, "boot.img"));
        // boot.S defaults: kernel_sector = 1, boot_drive = 0xff, boot_drive_check = "jmp 3f" (eb 05)
        Assert.Equal(1ul, BinaryPrimitives.ReadUInt64LittleEndian(boot.AsSpan(BiosBoot.KernelSectorOffset)));
        Assert.Equal(0xff, boot[BiosBoot.BootDriveOffset]);
        Assert.Equal([0xeb, 0x05], boot[BiosBoot.DriveCheckOffset..(BiosBoot.DriveCheckOffset + 2)]);

        var current = ProtectiveMbr();
        var mbr = BiosBoot.PatchMbr(boot, current, 2048);
        var changed = Enumerable.Range(0, 440).Where(i => mbr[i] != boot[i] && (i < 0x03 || i >= 0x5a)).ToList();
        Assert.Equal([0x5c, 0x5d, 0x66, 0x67], changed); // sector 1 -> 2048 (00 08 in its low bytes), and the two NOPs
        Assert.Equal(current[440..], mbr[440..]);
        Assert.Equal(0xEE, mbr[446 + 4]);
        Assert.Equal([0x55, 0xAA], mbr[510..]);
    }

    [RequiresFileFact(GrubPc + "/diskboot.img", "grub-pc-bin")]
    public void The_blocklist_is_where_grubs_diskboot_img_keeps_its_default()
    {
        // core.img starts with diskboot.img; its default block list is start=2, len=0, segment=0x820
        var diskboot = File.ReadAllBytes(Path.Join(GrubPc, "diskboot.img"));
        Assert.Equal(2ul, BinaryPrimitives.ReadUInt64LittleEndian(diskboot.AsSpan(500)));
        Assert.Equal((ushort)0x820, BinaryPrimitives.ReadUInt16LittleEndian(diskboot.AsSpan(510)));

        var core = diskboot.Concat(Filled(300 * 512 + 7, 3)).ToArray();
        var patched = BiosBoot.PatchCore(core, 2048, GptLayout.BiosBootBytes);
        Assert.Equal(diskboot[..500], patched[..500]);
        Assert.Equal(2049ul, BinaryPrimitives.ReadUInt64LittleEndian(patched.AsSpan(500)));
        Assert.Equal((ushort)301, BinaryPrimitives.ReadUInt16LittleEndian(patched.AsSpan(508)));
        Assert.Equal((ushort)0x820, BinaryPrimitives.ReadUInt16LittleEndian(patched.AsSpan(510)));
    }
}
