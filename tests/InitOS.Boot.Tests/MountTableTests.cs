using InitOS.Boot.Logging;
using InitOS.Core.Boot;
using InitOS.Core.Ports;

namespace InitOS.Boot.Tests;

public class MountTableTests
{
    private static BootLogger Log() => new(() => 0, new RingLog());

    [Fact]
    public void Early_table_mounts_cgroup2_only_and_in_order()
    {
        var lines = MountTable.Early.Select(e => e.ToString()).ToList();
        Assert.Equal(
        [
            "mount proc on '/proc' nosuid,nodev,noexec,relatime",
            "mount sysfs on '/sys' nosuid,nodev,noexec,relatime",
            "mount devtmpfs on '/dev' nosuid,mode=0755",
            "mount devpts on '/dev/pts' nosuid,noexec,gid=5,mode=0620,ptmxmode=0666",
            "mount tmpfs on '/dev/shm' nosuid,nodev,noexec,mode=1777,size=65536k",
            "mount mqueue on '/dev/mqueue' nosuid,nodev,noexec",
            "mount tmpfs on '/run' nosuid,nodev,mode=0755",
            "mount cgroup2 on '/sys/fs/cgroup' nosuid,nodev,noexec,relatime,nsdelegate",
        ], lines);
        Assert.DoesNotContain(MountTable.Early, e => e.FsType == "cgroup");
    }

    [Fact]
    public void Already_mounted_target_is_skipped()
    {
        var sys = new FakeSyscalls();
        var mounts = "proc /proc proc rw 0 0\ndevtmpfs /dev devtmpfs rw 0 0\n";
        var result = EarlyMounts.Apply(MountTable.Early, sys, () => mounts, Log());
        Assert.Equal(StepResult.Ok, result);
        Assert.DoesNotContain(sys.Calls, c => c.Contains("'/proc'") || c.Contains("'/dev' "));
        Assert.Contains("mount cgroup2 on '/sys/fs/cgroup' nosuid,nodev,noexec,relatime,nsdelegate", sys.Calls);
    }

    [Fact]
    public void Ebusy_counts_as_mounted()
    {
        var entry = MountTable.Early[2];
        Assert.Equal(StepResult.Ok, MountTable.Judge(entry, new SysResult(SysResult.EBUSY, "EBUSY")));
    }

    [Fact]
    public void Missing_optional_filesystem_is_degraded_not_fatal()
    {
        var sys = new FakeSyscalls();
        sys.MountResults["/dev/mqueue"] = new SysResult(SysResult.ENODEV, "ENODEV");
        var ring = new RingLog();
        var log = new BootLogger(() => 0, ring);
        var result = EarlyMounts.Apply(MountTable.Early, sys, () => "", log);
        Assert.Equal(StepResult.Degraded, result);
        Assert.Contains(ring.Snapshot(), r => r.Text == "Failed to mount 'mqueue' on '/dev/mqueue': ENODEV, continuing");
    }

    [Fact]
    public void Failed_required_mount_throws_naming_target_and_errno()
    {
        var sys = new FakeSyscalls();
        sys.MountResults["/sys/fs/cgroup"] = new SysResult(SysResult.ENODEV, "ENODEV");
        var e = Assert.Throws<InvalidOperationException>(() => EarlyMounts.Apply(MountTable.Early, sys, () => "", Log()));
        Assert.Equal("Failed to mount 'cgroup2' on '/sys/fs/cgroup' (cgroup2): ENODEV", e.Message);
    }

    [Fact]
    public void Persistence_binds_every_directory_from_state()
    {
        var binds = PersistencePlan.Binds(null).Select(b => (b.Source, b.Target, b.Flags)).ToList();
        Assert.Equal(6, binds.Count);
        Assert.Contains(("/state/var/lib/user-docker", "/var/lib/user-docker", MountFlags.Bind), binds);
        Assert.Contains(("/state/home", "/home", MountFlags.Bind), binds);
        Assert.Equal("/state/sub/opt", PersistencePlan.Binds("/sub/").Single(b => b.Target == "/opt").Source);
    }
}
