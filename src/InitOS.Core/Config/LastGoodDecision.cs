namespace InitOS.Core.Config;

/// <summary>
/// Whether this boot takes its services and state settings from the last good configuration
/// (<see cref="LastGood"/>), and why.
/// </summary>
/// <param name="Problems">What the current configuration would lose that the last good one had; empty when it is fine.</param>
public sealed record LastGoodDecision(IReadOnlyList<string> Problems)
{
    /// <summary>True when <see cref="Problems"/> is not empty: boot the services and state from the last good configuration.</summary>
    public bool UseLastGood => Problems.Count > 0;

    /// <summary>No fallback.</summary>
    public static LastGoodDecision None { get; } = new([]);
}
