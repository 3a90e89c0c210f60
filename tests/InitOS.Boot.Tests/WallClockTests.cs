namespace InitOS.Boot.Tests;

/// <summary>Issue 12: these tests wait on the fake clock, never the wall clock (the rule: <see cref="WallClock"/>).</summary>
public sealed class WallClockTests
{
    /// <summary>The uses that stay, by caller prefix, each with its reason.</summary>
    private static readonly Dictionary<string, string> Allowed = new(StringComparer.Ordinal)
    {
    };

    [Fact]
    public void Tests_read_no_wall_clock()
    {
        var problems = WallClock.Check(typeof(WallClockTests).Assembly, Allowed);
        Assert.True(problems is null, problems);
    }
}
