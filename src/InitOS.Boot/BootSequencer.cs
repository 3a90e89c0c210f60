using InitOS.Boot.Logging;
using InitOS.Core.Boot;

namespace InitOS.Boot;

/// <summary>
/// Runs a phase of the <see cref="BootPlan"/>: every step whose needs have finished starts at once, on the thread
/// pool, so steps with nothing in common run in parallel (<see cref="BootSchedule.Ready"/>). Each step logs one
/// timing line (<see cref="StepLine"/>) and one progress line when it ends; a best-effort failure is logged with
/// ", continuing" and counts as degraded (the steps that need it still run).
/// </summary>
/// <remarks>
/// A required failure starts nothing more, lets the steps already running finish (each is bounded by its own
/// deadlines; none is left half done or unobserved, and what they mounted is in the shutdown's list for the
/// recovery console's power-off), then throws <see cref="BootStepFailedException"/> for the first step that
/// failed. Cancellation is passed to every running step; once it is requested nothing more starts, the running
/// steps are awaited (a cancelled step writes no timing line) and <see cref="OperationCanceledException"/> is thrown.
/// </remarks>
public sealed class BootSequencer
{
    private readonly BootLogger _log;

    /// <summary>Creates a sequencer logging to <paramref name="log"/>.</summary>
    public BootSequencer(BootLogger log) => _log = log;

    /// <summary>Runs <paramref name="steps"/> one after the other (each needs the one before); returns every step's outcome.</summary>
    public Task<IReadOnlyList<StepOutcome>> RunAsync(string phase, IReadOnlyList<BootStep> steps, CancellationToken cancellationToken)
    {
        var planned = steps.Select((s, i) => new PlannedStep(s.Name, s.Kind, s.Title, i == 0 ? [] : [steps[i - 1].Name])).ToList();
        return RunAsync(new BootPhase(phase, planned), steps.ToDictionary(s => s.Name, s => s.Action, StringComparer.Ordinal), cancellationToken);
    }

    /// <summary>
    /// Runs the phase <paramref name="phase"/> with one action per step (<paramref name="actions"/>, by step name:
    /// exactly the phase's steps); returns every finished step's outcome in the order they ended.
    /// </summary>
    /// <exception cref="InvalidOperationException">The actions do not match the phase's steps, or the phase cannot finish (a cycle).</exception>
    public async Task<IReadOnlyList<StepOutcome>> RunAsync(BootPhase phase, IReadOnlyDictionary<string, Func<CancellationToken, Task<StepResult>>> actions, CancellationToken cancellationToken)
    {
        var names = phase.Steps.Select(s => s.Name).ToHashSet(StringComparer.Ordinal);
        var missing = names.Where(n => !actions.ContainsKey(n)).ToList();
        var extra = actions.Keys.Where(n => !names.Contains(n)).ToList();
        if (missing.Count > 0 || extra.Count > 0)
        {
            throw new InvalidOperationException($"Phase '{phase.Name}': no action for [{string.Join(", ", missing)}], actions for steps not in the plan [{string.Join(", ", extra)}]");
        }
        var outcomes = new List<StepOutcome>();
        var finished = new Dictionary<string, StepResult>(StringComparer.Ordinal);
        var running = new Dictionary<Task<Ended?>, PlannedStep>();
        BootStepFailedException? failure = null;
        var phaseStart = _log.Now;
        _log.Info($"Phase '{phase.Name}' starting, {phase.Steps.Count} steps");
        while (true)
        {
            if (failure is null && !cancellationToken.IsCancellationRequested)
            {
                var started = running.Values.Select(s => s.Name).ToHashSet(StringComparer.Ordinal);
                foreach (var step in BootSchedule.Ready(phase, finished, started))
                {
                    var action = actions[step.Name];
                    running.Add(Task.Run(() => RunStepAsync(step, action, cancellationToken), CancellationToken.None), step);
                }
            }
            if (running.Count == 0)
            {
                break;
            }
            var done = await Task.WhenAny(running.Keys).ConfigureAwait(false);
            var ended = running[done];
            running.Remove(done);
            // RunStepAsync throws nothing but the cancellation of this phase (null then: the step was stopped)
            if (await done.ConfigureAwait(false) is not { } end)
            {
                continue;
            }
            var (outcome, cause) = end;
            outcomes.Add(outcome);
            finished[ended.Name] = outcome.Result;
            if (outcome.Result == StepResult.Failed && failure is null)
            {
                failure = new BootStepFailedException(ended.Name, outcome.Error ?? "failed", cause);
            }
        }
        if (failure is not null)
        {
            throw failure;
        }
        // a step that swallowed the cancellation (best-effort work catches its own failures) does not let the boot
        // go on once it is stopped
        cancellationToken.ThrowIfCancellationRequested();
        if (finished.Count < phase.Steps.Count)
        {
            throw new InvalidOperationException($"Phase '{phase.Name}' cannot finish: [{string.Join(", ", phase.Steps.Select(s => s.Name).Where(n => !finished.ContainsKey(n)))}] wait on needs that never end ({string.Join("; ", BootSchedule.Validate(new BootPlan([phase])))})");
        }
        var degraded = outcomes.Count(o => o.Result == StepResult.Degraded);
        _log.Info($"Phase '{phase.Name}' done in {_log.Now - phaseStart} ms, {degraded} degraded");
        return outcomes;
    }

    /// <summary>Runs one step and writes its two lines; null when it was stopped by the cancellation.</summary>
    private async Task<Ended?> RunStepAsync(PlannedStep step, Func<CancellationToken, Task<StepResult>> action, CancellationToken cancellationToken)
    {
        var start = _log.Now;
        StepResult result;
        string? error = null;
        Exception? cause = null;
        try
        {
            result = await action(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return null;
        }
        catch (Exception e)
        {
            cause = e;
            error = e.Message;
            result = step.Kind == StepKind.Required ? StepResult.Failed : StepResult.Degraded;
        }
        var duration = _log.Now - start;
        _log.Write(SyslogLevel.Notice, StepLine.Format(step.Name, start, duration, result));
        switch (result)
        {
            case StepResult.Ok:
                _log.Progress(StepResult.Ok, step.Title);
                break;
            case StepResult.Degraded:
                _log.Progress(StepResult.Degraded, error == null ? $"{step.Title} (degraded)" : $"{step.Title}: {error}, continuing");
                break;
            default:
                _log.Progress(StepResult.Failed, $"{step.Title}: {error}");
                break;
        }
        return new Ended(new StepOutcome(step.Name, start, duration, result, error), cause);
    }

    /// <summary>A step that ended: its outcome and, for a failure, the exception.</summary>
    private sealed record Ended(StepOutcome Outcome, Exception? Cause);
}
