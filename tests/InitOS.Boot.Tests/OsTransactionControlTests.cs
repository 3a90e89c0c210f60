using InitOS.Boot.Logging;
using InitOS.Core.Control;

namespace InitOS.Boot.Tests;

/// <summary>PID 1's side of the OS transactions: the port runs them, one at a time, logged; none wired is NotReady.</summary>
public class OsTransactionControlTests
{
    private static readonly OsTransaction Upgrade = new(OsTransaction.Upgrade, "initos/os:v2", Force: false, Stage: false, Append: null);

    private static (InitRuntime Init, RingLog Ring) Runtime(Func<OsTransaction, Action<string>, CancellationToken, Task<JobOutcome>>? run)
    {
        var ring = new RingLog();
        var ports = new InitPorts(new FakeSyscalls(), null!, null!, null!, null!, null!, null!, null!, null!, () => null) { RunOsTransaction = run };
        return (new InitRuntime(ports, new BootLogger(() => 0, ring), new InitOptions("v1", ContainerMode: false), new FakeClock()), ring);
    }

    [Fact]
    public async Task The_port_runs_it_with_the_progress_and_the_outcome_is_logged()
    {
        var (init, ring) = Runtime((request, progress, _) =>
        {
            progress($"Pulling {request.Image}");
            return Task.FromResult(JobOutcome.Done());
        });
        var lines = new List<string>();
        Assert.Equal(JobOutcome.Done(), await init.Control.RunOsTransactionAsync(Upgrade, lines.Add, CancellationToken.None));
        Assert.Equal(["Pulling initos/os:v2"], lines);
        Assert.Contains(ring.Snapshot(), r => r.Text == "OS transaction 'upgrade to initos/os:v2' started through the control API");
        Assert.Contains(ring.Snapshot(), r => r.Text == "OS transaction 'upgrade to initos/os:v2' done");
    }

    [Fact]
    public async Task A_second_one_while_one_runs_is_Busy()
    {
        var gate = new TaskCompletionSource<JobOutcome>(TaskCreationOptions.RunContinuationsAsynchronously);
        var (init, ring) = Runtime((_, _, _) => gate.Task);
        var first = init.Control.RunOsTransactionAsync(Upgrade, _ => { }, CancellationToken.None);
        var busy = await Assert.ThrowsAsync<ControlException>(() =>
            init.Control.RunOsTransactionAsync(new OsTransaction(OsTransaction.Rollback, null, true, false, null), _ => { }, CancellationToken.None));
        Assert.Equal(ControlNames.ErrorBusy, busy.Name);
        Assert.Equal("Transaction in progress: upgrade to initos/os:v2", busy.Message);
        gate.SetResult(JobOutcome.Failed("os upgrade: no space left"));
        Assert.Equal(JobOutcome.Failed("os upgrade: no space left"), await first);
        Assert.Contains(ring.Snapshot(), r => r.Text == "OS transaction 'upgrade to initos/os:v2' failed: os upgrade: no space left");
    }

    [Fact]
    public async Task Without_a_port_it_is_NotReady()
    {
        var (init, _) = Runtime(null);
        var e = await Assert.ThrowsAsync<ControlException>(() => init.Control.RunOsTransactionAsync(Upgrade, _ => { }, CancellationToken.None));
        Assert.Equal(ControlNames.ErrorNotReady, e.Name);
    }
}
