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

/// <summary>The sequencer over a phase of a plan: steps whose needs are done run together (gates, not sleeps).</summary>
public class BootSequencerPlanTests
{
    private long _clock;
    private readonly RingLog _ring = new();
    private readonly BootLogger _log;
    private readonly BootSequencer _seq;

    public BootSequencerPlanTests()
    {
        _log = new BootLogger(() => Interlocked.Read(ref _clock), _ring);
        _seq = new BootSequencer(_log);
    }

    /// <summary>Opens <paramref name="gate"/> when the line <paramref name="text"/> is written.</summary>
    private sealed class LineSink(string text, TaskCompletionSource gate) : InitOS.Core.Ports.IBootLog
    {
        public void Write(BootRecord record)
        {
            if (record.Text == text)
            {
                gate.TrySetResult();
            }
        }
    }

    private static PlannedStep S(string name, params string[] needs) => new(name, StepKind.Required, "Did " + name, needs);

    private static PlannedStep B(string name, params string[] needs) => new(name, StepKind.BestEffort, "Did " + name, needs);

    private static Func<CancellationToken, Task<StepResult>> Ok(Action? then = null) => _ =>
    {
        then?.Invoke();
        return Task.FromResult(StepResult.Ok);
    };

    private static TaskCompletionSource Gate() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private List<string> Texts() => _ring.Snapshot().Select(r => r.Text).ToList();

    [Fact]
    public async Task Steps_whose_needs_are_done_run_at_the_same_time()
    {
        // left and right each wait until the other has started: run one after the other, they would never end
        var leftIn = Gate();
        var rightIn = Gate();
        var order = new System.Collections.Concurrent.ConcurrentQueue<string>();
        var phase = new BootPhase("p", [S("root"), S("left", "root"), S("right", "root"), S("join", "left", "right")]);
        var outcomes = await _seq.RunAsync(phase, new Dictionary<string, Func<CancellationToken, Task<StepResult>>>
        {
            ["root"] = Ok(() => order.Enqueue("root")),
            ["left"] = async ct =>
            {
                leftIn.SetResult();
                await rightIn.Task.WaitAsync(ct);
                order.Enqueue("left");
                return StepResult.Ok;
            },
            ["right"] = async ct =>
            {
                rightIn.SetResult();
                await leftIn.Task.WaitAsync(ct);
                order.Enqueue("right");
                return StepResult.Ok;
            },
            ["join"] = Ok(() => order.Enqueue("join")),
        }, CancellationToken.None).WaitAsync(HangGuard.Limit);

        Assert.Equal("root", order.First());
        Assert.Equal("join", order.Last());
        Assert.Equal(4, outcomes.Count);
        Assert.All(outcomes, o => Assert.Equal(StepResult.Ok, o.Result));
        // both timing lines and progress lines are written, once each
        foreach (var name in new[] { "root", "left", "right", "join" })
        {
            Assert.Single(Texts(), t => t.StartsWith($"initos-boot step={name} start_ms=", StringComparison.Ordinal) && t.EndsWith(" result=ok", StringComparison.Ordinal));
            Assert.Single(_ring.Snapshot(), r => r.Progress == StepResult.Ok && r.Text == "Did " + name);
        }
        Assert.Contains("Phase 'p' starting, 4 steps", Texts());
        Assert.Contains("Phase 'p' done in 0 ms, 0 degraded", Texts());
    }

    [Fact]
    public async Task A_step_waits_for_its_needs_while_an_independent_one_runs()
    {
        var release = Gate();
        var freeRan = Gate();
        var slowEnded = false;
        var afterSawSlowEnded = (bool?)null;
        var phase = new BootPhase("p", [S("slow"), S("after", "slow"), B("free")]);
        var run = _seq.RunAsync(phase, new Dictionary<string, Func<CancellationToken, Task<StepResult>>>
        {
            ["slow"] = async ct =>
            {
                await release.Task.WaitAsync(ct);
                Interlocked.Add(ref _clock, 7);
                Volatile.Write(ref slowEnded, true);
                return StepResult.Ok;
            },
            ["after"] = Ok(() => afterSawSlowEnded = Volatile.Read(ref slowEnded)),
            ["free"] = Ok(() => freeRan.SetResult()),
        }, CancellationToken.None);

        await freeRan.Task.WaitAsync(HangGuard.Limit);
        Assert.Null(afterSawSlowEnded);
        Assert.False(run.IsCompleted);
        release.SetResult();
        var outcomes = await run.WaitAsync(HangGuard.Limit);

        Assert.True(afterSawSlowEnded);
        Assert.Equal("free", outcomes[0].Name);
        Assert.Equal(["free", "slow", "after"], outcomes.Select(o => o.Name));
        Assert.Contains("initos-boot step=slow start_ms=0 dur_ms=7 result=ok", Texts());
        Assert.Contains("initos-boot step=after start_ms=7 dur_ms=0 result=ok", Texts());
    }

    [Fact]
    public async Task A_required_failure_starts_nothing_more_lets_running_steps_finish_then_stops()
    {
        var release = Gate();
        var siblingStarted = Gate();
        var dependentRan = false;
        var laterRan = false;
        var failedLine = Gate();
        _log.Add(new LineSink("initos-boot step=broken start_ms=0 dur_ms=0 result=failed", failedLine));
        var phase = new BootPhase("p", [S("root"), S("broken", "root"), B("sibling", "root"), S("dependent", "broken"), B("later", "sibling")]);
        var run = _seq.RunAsync(phase, new Dictionary<string, Func<CancellationToken, Task<StepResult>>>
        {
            ["root"] = Ok(),
            ["broken"] = async ct =>
            {
                await siblingStarted.Task.WaitAsync(ct);
                throw new InvalidOperationException("ENODEV");
            },
            ["sibling"] = async ct =>
            {
                siblingStarted.SetResult();
                await release.Task.WaitAsync(ct);
                return StepResult.Ok;
            },
            ["dependent"] = Ok(() => dependentRan = true),
            ["later"] = Ok(() => laterRan = true),
        }, CancellationToken.None);

        await failedLine.Task.WaitAsync(HangGuard.Limit);
        // the failure waits for the step still running
        Assert.False(run.IsCompleted);
        release.SetResult();
        var e = await Assert.ThrowsAsync<BootStepFailedException>(() => run.WaitAsync(HangGuard.Limit));

        Assert.Equal("broken", e.Step);
        Assert.IsType<InvalidOperationException>(e.InnerException);
        Assert.False(dependentRan);
        Assert.False(laterRan);
        Assert.Contains("initos-boot step=sibling start_ms=0 dur_ms=0 result=ok", Texts());
        Assert.Contains(_ring.Snapshot(), r => r.Progress == StepResult.Failed && r.Text == "Did broken: ENODEV");
        Assert.DoesNotContain(Texts(), t => t.StartsWith("Phase 'p' done", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_best_effort_failure_degrades_and_the_steps_that_need_it_still_run()
    {
        var ran = false;
        var phase = new BootPhase("p", [B("modules"), S("mount", "modules")]);
        var outcomes = await _seq.RunAsync(phase, new Dictionary<string, Func<CancellationToken, Task<StepResult>>>
        {
            ["modules"] = _ => throw new IOException("no modprobe"),
            ["mount"] = Ok(() => ran = true),
        }, CancellationToken.None).WaitAsync(HangGuard.Limit);

        Assert.True(ran);
        Assert.Equal([StepResult.Degraded, StepResult.Ok], outcomes.Select(o => o.Result));
        Assert.Contains(_ring.Snapshot(), r => r.Progress == StepResult.Degraded && r.Text == "Did modules: no modprobe, continuing");
        Assert.Contains("initos-boot step=modules start_ms=0 dur_ms=0 result=degraded", Texts());
        Assert.Contains("Phase 'p' done in 0 ms, 1 degraded", Texts());
    }

    [Fact]
    public async Task Cancellation_reaches_every_running_step_and_nothing_more_starts()
    {
        using var cts = new CancellationTokenSource();
        var bothIn = new CountdownEvent(2);
        var allIn = Gate();
        var nextRan = false;
        async Task<StepResult> Wait(CancellationToken ct)
        {
            if (bothIn.Signal())
            {
                allIn.SetResult();
            }
            await Gate().Task.WaitAsync(ct);
            return StepResult.Ok;
        }
        var phase = new BootPhase("p", [B("one"), B("two"), S("next", "one")]);
        var run = _seq.RunAsync(phase, new Dictionary<string, Func<CancellationToken, Task<StepResult>>>
        {
            ["one"] = Wait,
            ["two"] = Wait,
            ["next"] = Ok(() => nextRan = true),
        }, cts.Token);

        await allIn.Task.WaitAsync(HangGuard.Limit);
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run.WaitAsync(HangGuard.Limit));
        Assert.False(nextRan);
        // a stopped step writes no timing line
        Assert.DoesNotContain(Texts(), t => t.StartsWith("initos-boot step=", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_step_that_swallows_the_cancellation_does_not_let_the_phase_go_on()
    {
        using var cts = new CancellationTokenSource();
        var nextRan = false;
        var phase = new BootPhase("p", [B("swallow"), S("next", "swallow")]);
        var run = _seq.RunAsync(phase, new Dictionary<string, Func<CancellationToken, Task<StepResult>>>
        {
            ["swallow"] = _ =>
            {
                cts.Cancel();
                return Task.FromResult(StepResult.Degraded);
            },
            ["next"] = Ok(() => nextRan = true),
        }, cts.Token);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run.WaitAsync(HangGuard.Limit));
        Assert.False(nextRan);
        Assert.Contains("initos-boot step=swallow start_ms=0 dur_ms=0 result=degraded", Texts());
    }

    [Fact]
    public async Task Actions_must_match_the_phase()
    {
        var phase = new BootPhase("p", [S("a"), S("b", "a")]);
        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => _seq.RunAsync(phase, new Dictionary<string, Func<CancellationToken, Task<StepResult>>>
        {
            ["a"] = Ok(),
            ["c"] = Ok(),
        }, CancellationToken.None));
        Assert.Equal("Phase 'p': no action for [b], actions for steps not in the plan [c]", e.Message);
    }

    [Fact]
    public async Task A_phase_that_cannot_finish_says_so_instead_of_hanging()
    {
        var phase = new BootPhase("p", [S("a"), S("b", "c"), S("c", "b")]);
        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => _seq.RunAsync(phase, new Dictionary<string, Func<CancellationToken, Task<StepResult>>>
        {
            ["a"] = Ok(),
            ["b"] = Ok(),
            ["c"] = Ok(),
        }, CancellationToken.None).WaitAsync(HangGuard.Limit));
        Assert.Contains("[b, c] wait on needs that never end", e.Message);
        Assert.Contains("initos-boot step=a start_ms=0 dur_ms=0 result=ok", Texts());
    }
}
