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
        var shutdown = new Shutdown(ports, log, new InitOptions("v1", ContainerMode: false)) { Timeout = TimeSpan.FromSeconds(30) };
        shutdown.Unmounts.AddRange(["/usr/lib/initos/system", "/state", "/var/lib/rancher", "/home"]);
        await shutdown.RunAsync(PowerAction.Reboot, null, null, []);
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
        var shutdown = new Shutdown(ports, log, new InitOptions("v1", ContainerMode: true));
        await shutdown.RunAsync(PowerAction.PowerOff, null, null, []);
        await shutdown.RunAsync(PowerAction.Reboot, null, null, []);
        Assert.DoesNotContain(sys.Calls, c => c.StartsWith("reboot", StringComparison.Ordinal) || c.StartsWith("kill", StringComparison.Ordinal));
        Assert.Equal(2, sys.Calls.Count(c => c == "sync"));
    }
}
