namespace InitOS.Boot.Tests;

/// <summary>Issue 12: these tests wait on the fake clock, never the wall clock (the rule: <see cref="WallClock"/>).</summary>
public sealed class WallClockTests : WallClockFacts
{
}
