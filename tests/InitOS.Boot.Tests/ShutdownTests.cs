using InitOS.Boot.Logging;
using InitOS.Core.Boot;
using InitOS.Core.Ports;

namespace InitOS.Boot.Tests;

public class ShutdownTests
{
    private const string Sleeper = "42 (sleep 1) S 1 42 42 0 -1 4194560 120 0 0 0 0 0 0 0 20 0 1 0 900 2289664 200";
    private const string KernelThread = "2 (kthreadd) S 0 0 0 0 -1 2129984 0 0 0 0 0 0 0 0 20 0 1 0 2 0 0";
    private const string Zombie = "43 (sh) Z 1 43 43 0 -1 4227084 0 0 0 0 0 0 0 0 20 0 1 0 950 0 0";

    private static (Shutdown, FakeSyscalls, RingLog, FakeClock) NewShutdown(Func<IReadOnlyList<string>> stats)
    {
        var sys = new FakeSyscalls();
        var ring = new RingLog();
        var log = new BootLogger(() => 0, ring);
        // Only the syscalls, /proc and the engine connection are used on this path; the user engine is absent.
        var kernel = new FakeKernelInfo { ProcessStats = stats };
        var ports = new InitPorts(sys, kernel, null!, null!, null!, null!, _ => throw new IOException("no user engine"), null!, null!, () => null);
        var clock = new FakeClock();
        var shutdown = new Shutdown(ports, log, new InitOptions("v1", ContainerMode: false)) { Timeout = TimeSpan.FromSeconds(30), Time = clock };
        return (shutdown, sys, ring, clock);
    }

    /// <summary>Moves the clock over each poll of the process table until the shutdown ends.</summary>
    private static async Task PollUntilDoneAsync(FakeClock clock, Task running)
    {
        while (!running.IsCompleted)
        {
            var next = clock.NextWaitAsync().AsTask();
            if (await Task.WhenAny(running, next).WaitAsync(HangGuard.Limit) == running)
            {
                break;
            }
            var wait = await next;
            if (wait.Due == Shutdown.ProcessPoll)
            {
                clock.AdvanceTo(wait.End);
            }
        }
        await running.WaitAsync(HangGuard.Limit);
    }

    [Fact]
    public async Task Shutdown_waits_for_the_processes_to_exit_syncs_unmounts_innermost_first_and_reboots()
    {
        // a sleeper still there at the first look, gone at the second; kernel threads and zombies never count
        var looks = 0;
        var (shutdown, sys, ring, clock) = NewShutdown(() => ++looks == 1 ? [KernelThread, Sleeper, Zombie] : [KernelThread, Zombie]);
        shutdown.Unmounts.AddRange(["/usr/lib/initos/system", "/state", "/var/lib/rancher", "/home"]);
        await PollUntilDoneAsync(clock, shutdown.RunAsync(PowerAction.Reboot, null, null, []));

        // the watchdog and the deadline (30 s), the processes' grace (5 s), one poll (50 ms)
        Assert.Equal([TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(5), Shutdown.ProcessPoll], clock.Waits);
        Assert.Equal(
        [
            "kill -1 15",
            "sync",
            "umount '/home'",
            "umount '/var/lib/rancher'",
            "umount '/state'",
            "umount '/usr/lib/initos/system'",
            "sync",
            "reboot Reboot",
        ], sys.Calls);
        Assert.Equal(2, looks);
        Assert.Contains(ring.Snapshot(), r => r.Text == "Every process exited 50 ms after SIGTERM");
        Assert.Contains(ring.Snapshot(), r => r.Text == "Failed to stop user containers: no user engine, continuing");
        Assert.Contains(ring.Snapshot(), r => r.Text == "InitOS shutdown complete, reboot now");
    }

    [Fact]
    public async Task A_process_that_ignores_SIGTERM_is_killed_after_the_grace_and_named()
    {
        var (shutdown, sys, ring, clock) = NewShutdown(() => [KernelThread, Sleeper]);
        await PollUntilDoneAsync(clock, shutdown.RunAsync(PowerAction.PowerOff, null, null, []));

        Assert.Equal(["kill -1 15", "kill -1 9", "sync", "sync", "reboot PowerOff"], sys.Calls);
        Assert.Contains(ring.Snapshot(), r => r.Text == "1 processes still running 5 s after SIGTERM, killing them: sleep 1 (42)");
        Assert.InRange(clock.Waits.Count(w => w == Shutdown.ProcessPoll), 99, 101); // 5 s of 50 ms polls
    }

    [Fact]
    public async Task No_process_left_to_signal_means_no_wait()
    {
        var (shutdown, sys, _, clock) = NewShutdown(() => throw new InvalidOperationException("not asked"));
        sys.OnKill = (_, _) => new SysResult(SysResult.ESRCH, "ESRCH");
        await shutdown.RunAsync(PowerAction.Halt, null, null, []).WaitAsync(HangGuard.Limit);
        Assert.Equal(["kill -1 15", "sync", "sync", "reboot Halt"], sys.Calls);
        Assert.Equal([TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(30)], clock.Waits);
    }

    [Theory]
    [InlineData(Sleeper, "42 sleep 1")]
    [InlineData("77 (a) b) (c) R 1 77 77 0 -1 4194304 0", "77 a) b) (c")]
    [InlineData(KernelThread, "")]
    [InlineData(Zombie, "")]
    [InlineData("1 (initos) S 0 1 1 0 -1 4194560 0", "")]
    [InlineData("garbage", "")]
    [InlineData("", "")]
    public void The_process_table_keeps_living_user_processes_but_PID_1_and_itself(string stat, string expected)
    {
        var living = ProcessTable.Living([stat, "99 (self) R 1 99 99 0 -1 4194304 0"], self: 99);
        Assert.Equal(expected, string.Join(",", living.Select(p => $"{p.Pid} {p.Name}")));
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
