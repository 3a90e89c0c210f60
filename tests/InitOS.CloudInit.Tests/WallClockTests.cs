namespace InitOS.CloudInit.Tests;

/// <summary>Issue 12: these tests wait on the fake clock, never the wall clock (the rule: <see cref="WallClock"/>).</summary>
public sealed class WallClockTests() : WallClockFacts(new Dictionary<string, string>(StringComparer.Ordinal)
{
    // A stand-in for a slow metadata service: the real HttpMetadataFetcher's request timeout runs on the real
    // clock, so the server must really hold its answer. Nothing is timed; the test asserts the retry.
    ["InitOS.CloudInit.Tests.TestHttpServer+<ServeAsync>"] = "delays a reply in real time for the real fetcher's timeout",
})
{
}
