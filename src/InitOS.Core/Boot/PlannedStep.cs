namespace InitOS.Core.Boot;

/// <summary>One step of the <see cref="BootPlan"/>: its name, what its failure means, its progress text and the steps
/// whose work it reads (its inputs). The action itself lives with the runtime; the plan is data only.</summary>
/// <param name="Name">Machine name, an imperative verb in kebab case (<c>mount-early</c>).</param>
/// <param name="Kind">Required (a failure stops the boot) or BestEffort (a failure degrades the step).</param>
/// <param name="Title">Progress text once done (<c>Mounted early filesystems</c>).</param>
/// <param name="Needs">The steps that must have finished (Ok or Degraded) before this one starts: in its own phase,
/// or in an earlier one (done by the time the phase starts).</param>
public sealed record PlannedStep(string Name, StepKind Kind, string Title, IReadOnlyList<string> Needs);
