using InitOS.Core.Boot;

namespace InitOS.Boot.Tests;

public class PolicyTests
{
    [Theory]
    [InlineData(SystemSignal.Terminate, PowerAction.PowerOff)]
    [InlineData(SystemSignal.Power, PowerAction.PowerOff)]
    [InlineData(SystemSignal.Interrupt, PowerAction.Reboot)]
    [InlineData(SystemSignal.User1, PowerAction.Halt)]
    public void Signals_map_to_power_actions(SystemSignal signal, PowerAction action)
    {
        Assert.Equal(action, SignalPolicy.ActionFor(signal));
        Assert.Equal(action, SignalPolicy.ActionFor(SignalPolicy.SignalFor(action)));
    }

    [Fact]
    public void Hangup_is_not_a_power_request()
    {
        Assert.Null(SignalPolicy.ActionFor(SystemSignal.Hangup));
        Assert.Null(SignalPolicy.ActionFor(SystemSignal.Quit));
    }

    [Fact]
    public void Backoff_doubles_to_the_cap_and_resets_after_a_healthy_run()
    {
        var b = new Backoff(TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30));
        Assert.Equal([100, 200, 400, 800, 1000, 1000], Enumerable.Range(1, 6).Select(a => b.Delay(a).TotalMilliseconds));
        Assert.Equal(4, b.NextAttempt(3, TimeSpan.FromSeconds(1)));
        Assert.Equal(1, b.NextAttempt(3, TimeSpan.FromSeconds(31)));
    }

    [Theory]
    [InlineData("reboot", "", PowerAction.Reboot, false)]
    [InlineData("poweroff", "-f", PowerAction.PowerOff, true)]
    [InlineData("halt", "", PowerAction.Halt, false)]
    [InlineData("shutdown", "-h now", PowerAction.PowerOff, false)]
    [InlineData("shutdown", "-r +0", PowerAction.Reboot, false)]
    [InlineData("reboot", "--force", PowerAction.Reboot, true)]
    public void Power_commands_parse(string name, string args, PowerAction action, bool force)
    {
        var c = PowerCommand.Parse(name, args.Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(new PowerCommand(action, force), c);
    }

    [Fact]
    public void Shutdown_rejects_a_delay()
    {
        var e = Assert.Throws<FormatException>(() => PowerCommand.Parse("shutdown", ["-h", "+5"]));
        Assert.Contains("'+5'", e.Message);
    }

    [Fact]
    public void Image_stamp_is_per_version_and_preloads_skip_done_files()
    {
        Assert.Equal("/var/lib/rancher/.sysimages_v0_1_0_loaded.done", ImageStamps.SystemStamp("v0.1.0"));
        Assert.Equal(["b.tgz", "c.tar.gz"], ImageStamps.PendingPreloads(["a.tar", "a.tar.done", "b.tgz", "c.tar.gz", ".hidden.tar", "notes.txt"]));
    }
}
