using InitOS.Core.Boot;

namespace InitOS.Boot;

/// <summary>How one step of a sequence ended, with its timing.</summary>
/// <param name="Name">The step.</param>
/// <param name="StartMs">Uptime when it started.</param>
/// <param name="DurationMs">How long it took.</param>
/// <param name="Result">Ok, Degraded or Failed.</param>
/// <param name="Error">For failures: the message.</param>
public sealed record StepOutcome(string Name, long StartMs, long DurationMs, StepResult Result, string? Error = null);
