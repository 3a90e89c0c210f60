using InitOS.Core.Network;

namespace InitOS.Platform.Network;

/// <summary>How one step of the plan went.</summary>
/// <param name="Action">The step.</param>
/// <param name="Error">Why it failed; null when it worked.</param>
public sealed record ActionOutcome(NetAction Action, string? Error);
