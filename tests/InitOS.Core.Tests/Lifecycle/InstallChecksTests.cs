using InitOS.Core.Lifecycle;

namespace InitOS.Core.Tests.Lifecycle;

public class InstallChecksTests
{
    private static readonly DiskFacts Blank = new("/dev/vda", 8L << 30, [], [], FirstMiBZero: true, LastMiBZero: true, IsReadOnly: false, IsBootMedium: false);

    [Fact]
    public void A_blank_disk_that_is_big_enough_is_accepted()
    {
        Assert.Empty(InstallChecks.Assess(Blank, force: false));
        Assert.Empty(InstallChecks.Assess(Blank with { SizeBytes = GptLayout.MinDiskBytes }, force: false));
    }

    [Fact]
    public void Mounted_partitions_are_listed_and_force_does_not_help()
    {
        var facts = Blank with { MountedPartitions = ["/dev/vda1 on /mnt", "/dev/vda4 on /var/lib/rancher"] };
        foreach (var force in new[] { false, true })
        {
            var refusal = Assert.Single(InstallChecks.Assess(facts, force));
            Assert.Equal(new InstallRefusal("/dev/vda has mounted partitions: /dev/vda1 on /mnt, /dev/vda4 on /var/lib/rancher", false), refusal);
        }
    }

    [Fact]
    public void Read_only_boot_medium_and_too_small_are_never_overridable()
    {
        Assert.Equal(new InstallRefusal("/dev/vda is read-only", false), Assert.Single(InstallChecks.Assess(Blank with { IsReadOnly = true }, true)));
        Assert.Equal(new InstallRefusal("/dev/vda is the medium the running system booted from", false),
            Assert.Single(InstallChecks.Assess(Blank with { IsBootMedium = true }, true)));
        var small = Assert.Single(InstallChecks.Assess(Blank with { SizeBytes = 1L << 30 }, true));
        Assert.Equal(new InstallRefusal("/dev/vda is too small: the disk is 1024 MiB; InitOS needs at least 1603 MiB", false), small);
        Assert.Single(InstallChecks.Assess(Blank with { SizeBytes = GptLayout.MinDiskBytes - 512 }, false));
    }

    [Fact]
    public void Signatures_are_listed_and_force_overrides_them()
    {
        var facts = Blank with { Signatures = ["gpt partition table", "ext4 filesystem 'RANCHER_STATE' on /dev/vda4"] };
        var refusal = Assert.Single(InstallChecks.Assess(facts, false));
        Assert.Equal(new InstallRefusal("/dev/vda holds data: gpt partition table, ext4 filesystem 'RANCHER_STATE' on /dev/vda4", true), refusal);
        Assert.Empty(InstallChecks.Assess(facts, true));
    }

    [Fact]
    public void Data_in_the_first_or_last_mib_is_refused_unless_forced()
    {
        Assert.Equal(new InstallRefusal("/dev/vda holds data: the first MiB is not blank", true),
            Assert.Single(InstallChecks.Assess(Blank with { FirstMiBZero = false }, false)));
        Assert.Equal(new InstallRefusal("/dev/vda holds data: the last MiB is not blank", true),
            Assert.Single(InstallChecks.Assess(Blank with { LastMiBZero = false }, false)));
        Assert.Empty(InstallChecks.Assess(Blank with { FirstMiBZero = false, LastMiBZero = false }, true));
    }

    [Fact]
    public void Every_refusal_that_applies_is_returned_and_force_keeps_only_the_hard_ones()
    {
        var facts = new DiskFacts("/dev/sdb", 100L << 20, ["/dev/sdb1 on /media/usb"], ["iso9660 filesystem 'INITOS'"],
            FirstMiBZero: false, LastMiBZero: false, IsReadOnly: true, IsBootMedium: true);
        var all = InstallChecks.Assess(facts, false);
        Assert.Equal(7, all.Count);
        Assert.Equal([false, false, false, false, true, true, true], all.Select(r => r.ForceOverrides));
        var forced = InstallChecks.Assess(facts, true);
        Assert.Equal(all.Where(r => !r.ForceOverrides), forced);
        Assert.All(all, r => Assert.StartsWith("/dev/sdb ", r.Message));
    }
}
