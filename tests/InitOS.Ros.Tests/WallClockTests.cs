namespace InitOS.Ros.Tests;

/// <summary>Issue 12: these tests wait on the fake clock, never the wall clock (the rule: <see cref="WallClock"/>).</summary>
public sealed class WallClockTests() : WallClockFacts(new Dictionary<string, string>(StringComparer.Ordinal)
{
    // Kills a real 'ros config set' 0-4 ms after it starts, to land the kill at different points of its write;
    // nothing is measured, the file is checked for tearing after each kill.
    ["InitOS.Ros.Tests.Cli.BinaryTests.A_killed_writer_never_leaves_a_torn_file"] = "spaces kills of a real writer",
})
{
}
