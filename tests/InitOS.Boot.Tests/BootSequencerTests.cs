using InitOS.Boot.Logging;
using InitOS.Core.Boot;

namespace InitOS.Boot.Tests;

public class BootSequencerTests
{
    private long _clock;

    private (BootSequencer, RingLog) Make()
    {
        var ring = new RingLog();
        return (new BootSequencer(new BootLogger(() => _clock, ring)), ring);
    }

    [Fact]
    public async Task Each_step_writes_one_timing_line_and_one_progress_line()
    {
        var (seq, ring) = Make();
        var outcomes = await seq.RunAsync("early", [
            new BootStep("first", StepKind.Required, "Did first", _ => { _clock += 5; return Task.FromResult(StepResult.Ok); }),
            new BootStep("second", StepKind.BestEffort, "Did second", _ => { _clock += 2; return Task.FromResult(StepResult.Degraded); }),
        ], CancellationToken.None);
        Assert.Equal([StepResult.Ok, StepResult.Degraded], outcomes.Select(o => o.Result));
        var texts = ring.Snapshot().Select(r => r.Text).ToList();
        Assert.Contains("initos-boot step=first start_ms=0 dur_ms=5 result=ok", texts);
        Assert.Contains("initos-boot step=second start_ms=5 dur_ms=2 result=degraded", texts);
        Assert.Contains(ring.Snapshot(), r => r.Progress == StepResult.Ok && r.Text == "Did first");
    }

    [Fact]
    public async Task Best_effort_failure_continues_with_the_reason()
    {
        var (seq, ring) = Make();
        var ran = false;
        var outcomes = await seq.RunAsync("p", [
            new BootStep("flaky", StepKind.BestEffort, "Loaded modules", _ => throw new IOException("no modprobe")),
            new BootStep("after", StepKind.Required, "After", _ => { ran = true; return Task.FromResult(StepResult.Ok); }),
        ], CancellationToken.None);
        Assert.True(ran);
        Assert.Equal(StepResult.Degraded, outcomes[0].Result);
        Assert.Contains(ring.Snapshot(), r => r.Text == "Loaded modules: no modprobe, continuing" && r.Progress == StepResult.Degraded);
    }

    [Fact]
    public async Task Required_failure_stops_the_sequence()
    {
        var (seq, ring) = Make();
        var ran = false;
        var e = await Assert.ThrowsAsync<BootStepFailedException>(() => seq.RunAsync("p", [
            new BootStep("mount-early", StepKind.Required, "Mounted", _ => throw new InvalidOperationException("ENODEV")),
            new BootStep("never", StepKind.Required, "Never", _ => { ran = true; return Task.FromResult(StepResult.Ok); }),
        ], CancellationToken.None));
        Assert.False(ran);
        Assert.Equal("mount-early", e.Step);
        Assert.Contains(ring.Snapshot(), r => r.Text == "initos-boot step=mount-early start_ms=0 dur_ms=0 result=failed");
    }
}
