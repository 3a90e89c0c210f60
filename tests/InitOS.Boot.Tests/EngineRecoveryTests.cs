using InitOS.Core.Boot;

namespace InitOS.Boot.Tests;

public class EngineRecoveryTests
{
    [Theory]
    [InlineData(1, DataRootStage.AsFound, true, EngineRecoveryAction.Retry)]
    [InlineData(2, DataRootStage.AsFound, true, EngineRecoveryAction.Retry)]
    [InlineData(3, DataRootStage.AsFound, true, EngineRecoveryAction.MoveDataRootAside)]
    [InlineData(3, DataRootStage.AsFound, false, EngineRecoveryAction.Retry)]
    [InlineData(30, DataRootStage.AsFound, false, EngineRecoveryAction.Retry)]
    [InlineData(3, DataRootStage.Fresh, false, EngineRecoveryAction.Retry)]
    [InlineData(2, DataRootStage.Fresh, true, EngineRecoveryAction.Retry)]
    [InlineData(3, DataRootStage.Fresh, true, EngineRecoveryAction.UseMemory)]
    [InlineData(3, DataRootStage.Memory, true, EngineRecoveryAction.GiveUp)]
    [InlineData(3, DataRootStage.Memory, false, EngineRecoveryAction.Retry)]
    [InlineData(50, DataRootStage.Memory, false, EngineRecoveryAction.Retry)]
    public void Issue_12_failures_at_boot_lead_to_a_fresh_data_root_then_memory_then_the_console_and_only_retries_later(int failures, DataRootStage stage, bool atBoot, EngineRecoveryAction expected)
    {
        Assert.Equal(expected, EngineRecovery.Next(failures, stage, atBoot));
    }

    [Fact]
    public void Aside_is_named_with_the_utc_time_and_only_the_newest_is_kept()
    {
        var aside = EngineRecovery.AsideName(new DateTimeOffset(2026, 11, 30, 18, 5, 9, TimeSpan.FromHours(1)));
        Assert.Equal(".aside-20261130T170509Z", aside);
        var (move, old) = EngineRecovery.Plan(["image", ".aside-20261101T000000Z", "containers", "overlay2", ".aside-20261120T000000Z", "containerd"], aside);
        Assert.Equal(["containerd", "containers", "image", "overlay2"], move);
        Assert.Equal([".aside-20261101T000000Z", ".aside-20261120T000000Z"], old);
    }

    [Fact]
    public void Leftover_mounts_under_the_data_root_are_listed_deepest_first()
    {
        const string mounts = """
            /dev/vda /state ext4 rw 0 0
            /dev/vda /var/lib/system-docker ext4 rw 0 0
            overlay /var/lib/system-docker/overlay2/abc/merged overlay rw 0 0
            /dev/vda /var/lib/system-docker/overlay2 ext4 rw 0 0
            /dev/vda /var/lib/system-docker-other ext4 rw 0 0
            /dev/vda /var/lib/user-docker ext4 rw 0 0
            """;
        Assert.Equal(["/var/lib/system-docker/overlay2/abc/merged", "/var/lib/system-docker/overlay2"],
            EngineRecovery.MountsUnder(mounts, "/var/lib/system-docker"));
    }

    [Theory]
    [InlineData("write /var/lib/system-docker/tmp/docker-import-1/x: no space left on device", true)]
    [InlineData("open /var/lib/system-docker/image/overlay2/repositories.json: read-only file system", true)]
    [InlineData("failed to register layer: input/output error", true)]
    [InlineData("unexpected EOF", false)]
    [InlineData("invalid tar header", false)]
    public void Disk_failures_are_told_from_bad_archives(string message, bool disk)
    {
        Assert.Equal(disk, EngineRecovery.IsDiskFailure(message));
    }

    [Theory]
    [InlineData(false, false, false, true, true)]
    [InlineData(true, false, false, false, true)]
    [InlineData(true, true, false, true, true)]
    [InlineData(true, true, true, true, false)]
    [InlineData(false, false, true, true, false)]
    public void Issue_12_images_are_loaded_again_into_a_replaced_data_root_and_never_stamped_in_memory(bool stamped, bool replaced, bool inMemory, bool load, bool stamp)
    {
        Assert.Equal((load, stamp), ImageStamps.SystemImagesPlan(stamped, replaced, inMemory));
    }

    [Fact]
    public void Output_log_rotates_past_the_cap_and_names_its_states()
    {
        var policy = new OutputLogPolicy(1000, TimeSpan.FromSeconds(1));
        Assert.False(policy.MustRotate(0, 5000));
        Assert.False(policy.MustRotate(900, 100));
        Assert.True(policy.MustRotate(900, 101));
        Assert.Equal("/var/log/system-docker.log.1", OutputLogPolicy.Rotated("/var/log/system-docker.log"));
        Assert.Equal("Cannot write '/var/log/x.log' (No space left on device): dropping daemon output until it can be written again",
            OutputLogPolicy.DroppingMessage("/var/log/x.log", "No space left on device"));
        Assert.Equal("Writing '/var/log/x.log' again; 42 bytes of daemon output were dropped", OutputLogPolicy.ResumedMessage("/var/log/x.log", 42));
        Assert.Equal(16L << 20, SystemEnginePlan.For(null, false, false).LogPolicy.MaxBytes);
    }
}
