using InitOS.Core.Boot;

namespace InitOS.Boot.Tests;

public class StateFsckTests
{
    [Theory]
    [InlineData("ext4")]
    [InlineData("ext3")]
    [InlineData("ext2")]
    public void Ext_filesystems_are_checked_with_e2fsck_preen(string fsType)
    {
        Assert.Equal(["e2fsck", "-p", "/dev/vda"], StateFsck.Command("/dev/vda", fsType));
    }

    [Theory]
    [InlineData("xfs")]
    [InlineData("btrfs")]
    [InlineData("vfat")]
    public void Other_filesystems_are_not_checked(string fsType)
    {
        Assert.Null(StateFsck.Command("/dev/vda", fsType));
    }

    [Theory]
    [InlineData(0, true, SyslogLevel.Info)]
    [InlineData(1, true, SyslogLevel.Notice)]
    [InlineData(2, true, SyslogLevel.Warning)]
    [InlineData(3, true, SyslogLevel.Warning)]
    [InlineData(127, true, SyslogLevel.Warning)]
    [InlineData(4, false, SyslogLevel.Critical)]
    [InlineData(8, false, SyslogLevel.Critical)]
    [InlineData(12, false, SyslogLevel.Critical)]
    [InlineData(32, false, SyslogLevel.Critical)]
    [InlineData(124, false, SyslogLevel.Critical)]
    public void Exit_status_decides_the_mount(int code, bool mount, SyslogLevel level)
    {
        var v = StateFsck.Decide("/dev/vda", code, "");
        Assert.Equal(mount, v.Mount);
        Assert.Equal(level, v.Level);
    }

    [Fact]
    public void Errors_left_are_named_with_fsck_output_and_the_manual_remedy()
    {
        var v = StateFsck.Decide("/dev/vda", 4, "T was not cleanly unmounted, check forced.\nT: Root inode is not a directory.\n\nT: UNEXPECTED INCONSISTENCY; RUN fsck MANUALLY.\n");
        Assert.False(v.Mount);
        Assert.Equal("Check of the state filesystem on '/dev/vda' left errors (e2fsck status 4: errors left uncorrected): T: Root inode is not a directory. / T: UNEXPECTED INCONSISTENCY; RUN fsck MANUALLY.; not mounting it, it is left untouched (run 'e2fsck /dev/vda' by hand)", v.Message);
    }

    [Fact]
    public void Reboot_advised_is_mounted_because_the_filesystem_was_not_mounted_while_repaired()
    {
        var v = StateFsck.Decide("/dev/vdb", 3, "fixed");
        Assert.True(v.Mount);
        Assert.Equal("Checked the state filesystem on '/dev/vdb': errors corrected, mounting it (it was not mounted, so no reboot is needed): fixed", v.Message);
    }
}
