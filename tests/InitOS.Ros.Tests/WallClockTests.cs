namespace InitOS.Ros.Tests;

/// <summary>Issue 12: these tests wait on the fake clock, never the wall clock (the rule: <see cref="WallClock"/>).</summary>
public sealed class WallClockTests
{
    /// <summary>The uses that stay, by caller prefix, each with its reason.</summary>
    private static readonly Dictionary<string, string> Allowed = new(StringComparer.Ordinal)
    {
        // Kills a real 'ros config set' 0-4 ms after it starts, to land the kill at different points of its write;
        // nothing is measured, the file is checked for tearing after each kill.
        ["InitOS.Ros.Tests.Cli.BinaryTests.A_killed_writer_never_leaves_a_torn_file"] = "spaces kills of a real writer",
    };

    [Fact]
    public void Tests_read_no_wall_clock()
    {
        var problems = WallClock.Check(typeof(WallClockTests).Assembly, Allowed);
        Assert.True(problems is null, problems);
    }
}
