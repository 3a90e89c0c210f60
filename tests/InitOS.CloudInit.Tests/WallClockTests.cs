namespace InitOS.CloudInit.Tests;

/// <summary>Issue 12: these tests wait on the fake clock, never the wall clock (the rule: <see cref="WallClock"/>).</summary>
public sealed class WallClockTests
{
    /// <summary>The uses that stay, by caller prefix, each with its reason.</summary>
    private static readonly Dictionary<string, string> Allowed = new(StringComparer.Ordinal)
    {
        // A stand-in for a slow metadata service: the real HttpMetadataFetcher's request timeout runs on the real
        // clock, so the server must really hold its answer. Nothing is timed; the test asserts the retry.
        ["InitOS.CloudInit.Tests.TestHttpServer+<ServeAsync>"] = "delays a reply in real time for the real fetcher's timeout",
    };

    [Fact]
    public void Tests_read_no_wall_clock()
    {
        var problems = WallClock.Check(typeof(WallClockTests).Assembly, Allowed);
        Assert.True(problems is null, problems);
    }
}
