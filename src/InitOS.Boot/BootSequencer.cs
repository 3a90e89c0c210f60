using InitOS.Boot.Logging;
using InitOS.Core.Boot;

namespace InitOS.Boot;

/// <summary>
/// Runs boot steps in order. Each step logs one timing line (<see cref="StepLine"/>) and one progress
/// line; a best-effort failure is logged with ", continuing" and counts as degraded; a required
/// failure stops the sequence with <see cref="BootStepFailedException"/>.
/// </summary>
public sealed class BootSequencer
{
    private readonly BootLogger _log;

    /// <summary>Creates a sequencer logging to <paramref name="log"/>.</summary>
    public BootSequencer(BootLogger log) => _log = log;

    /// <summary>Runs the phase <paramref name="phase"/>; returns every step's outcome.</summary>
    public async Task<IReadOnlyList<StepOutcome>> RunAsync(string phase, IReadOnlyList<BootStep> steps, CancellationToken cancellationToken)
    {
        var outcomes = new List<StepOutcome>();
        var phaseStart = _log.Now;
        _log.Info($"Phase '{phase}' starting, {steps.Count} steps");
        foreach (var step in steps)
        {
            var start = _log.Now;
            StepResult result;
            string? error = null;
            Exception? cause = null;
            try
            {
                result = await step.Action(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                throw;
            }
            catch (Exception e)
            {
                cause = e;
                error = e.Message;
                result = step.Kind == StepKind.Required ? StepResult.Failed : StepResult.Degraded;
            }
            var duration = _log.Now - start;
            var outcome = new StepOutcome(step.Name, start, duration, result, error);
            outcomes.Add(outcome);
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
                    throw new BootStepFailedException(step.Name, error ?? "failed", cause);
            }
            // a step that swallowed the cancellation (best-effort work catches its own failures) does not
            // let the boot go on once it is stopped
            cancellationToken.ThrowIfCancellationRequested();
        }
        var degraded = outcomes.Count(o => o.Result == StepResult.Degraded);
        _log.Info($"Phase '{phase}' done in {_log.Now - phaseStart} ms, {degraded} degraded");
        return outcomes;
    }
}
