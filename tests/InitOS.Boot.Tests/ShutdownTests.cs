using InitOS.Boot.Logging;
using InitOS.Core.Boot;

namespace InitOS.Boot.Tests;

public class ShutdownTests
{
    [Fact]
    public async Task Shutdown_kills_the_rest_syncs_unmounts_innermost_first_and_reboots()
    {
        var sys = new FakeSyscalls();
        var ring = new RingLog();
        var log = new BootLogger(() => 0, ring);
        // Only the syscalls and the engine connection are used on this path; the user engine is absent.
        var ports = new InitPorts(sys, null!, null!, null!, null!, null!, _ => throw new IOException("no user engine"), null!, null!, () => null);
        var clock = new FakeClock();
        var shutdown = new Shutdown(ports, log, new InitOptions("v1", ContainerMode: false)) { Timeout = TimeSpan.FromSeconds(30), Time = clock };
        shutdown.Unmounts.AddRange(["/usr/lib/initos/system", "/state", "/var/lib/rancher", "/home"]);
        var running = shutdown.RunAsync(PowerAction.Reboot, null, null, []);
        // the pause between SIGTERM and SIGKILL passes on the fake clock; the watchdog and the deadline stay far off
        await clock.AdvanceWhenAskedAsync(TimeSpan.FromMilliseconds(500)).WaitAsync(TimeSpan.FromSeconds(30));
        await running.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal([TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(500)], clock.Waits);
        Assert.Equal(
        [
            "kill -1 15",
            "kill -1 9",
            "sync",
            "umount '/home'",
            "umount '/var/lib/rancher'",
            "umount '/state'",
            "umount '/usr/lib/initos/system'",
            "sync",
            "reboot Reboot",
        ], sys.Calls);
        Assert.Contains(ring.Snapshot(), r => r.Text == "Failed to stop user containers: no user engine, continuing");
        Assert.Contains(ring.Snapshot(), r => r.Text == "InitOS shutdown complete, reboot now");
    }

    [Fact]
    public async Task Second_request_while_shutting_down_is_ignored()
    {
        var sys = new FakeSyscalls();
        var log = new BootLogger(() => 0, new RingLog());
        var ports = new InitPorts(sys, null!, null!, null!, null!, null!, _ => throw new IOException("none"), null!, null!, () => null);
        var shutdown = new Shutdown(ports, log, new InitOptions("v1", ContainerMode: true)) { Time = new FakeClock() };
        await shutdown.RunAsync(PowerAction.PowerOff, null, null, []);
        await shutdown.RunAsync(PowerAction.Reboot, null, null, []);
        Assert.DoesNotContain(sys.Calls, c => c.StartsWith("reboot", StringComparison.Ordinal) || c.StartsWith("kill", StringComparison.Ordinal));
        Assert.Equal(2, sys.Calls.Count(c => c == "sync"));
    }
}
