using InitOS.Core.Boot;

namespace InitOS.Boot;

/// <summary>One boot step as data: a name (an imperative verb in kebab case), a kind, a title for the
/// progress line and the action. The action returns Ok or Degraded, or throws to fail.</summary>
/// <param name="Name">Machine name (<c>mount-early</c>).</param>
/// <param name="Kind">Required or BestEffort.</param>
/// <param name="Title">Progress text once done (<c>Mounted early filesystems</c>).</param>
/// <param name="Action">The work.</param>
public sealed record BootStep(string Name, StepKind Kind, string Title, Func<CancellationToken, Task<StepResult>> Action);
