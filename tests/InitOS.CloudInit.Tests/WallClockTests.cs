namespace InitOS.CloudInit.Tests;

/// <summary>Issue 12: these tests wait on the fake clock, never the wall clock (the rule: <see cref="WallClock"/>).</summary>
public sealed class WallClockTests() : WallClockFacts(new Dictionary<string, string>(StringComparer.Ordinal)
{
})
{
}
