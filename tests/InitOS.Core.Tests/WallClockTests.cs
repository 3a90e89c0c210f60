namespace InitOS.Core.Tests;

/// <summary>Issue 12: these tests wait on the fake clock, never the wall clock (the rule: <see cref="WallClock"/>);
/// so does the kit, and the rule catches what it should.</summary>
public sealed class WallClockTests : WallClockFacts
{
    [Fact]
    public void The_kit_reads_no_wall_clock()
    {
        var problems = WallClock.Check(typeof(FakeClock).Assembly, new Dictionary<string, string>
        {
            ["InitOS.TestKit.Eventually"] = "the integration tiers' poll of real components (unit tests may not call it)",
        });
        Assert.True(problems is null, problems);
    }

    [Fact]
    public void The_rule_catches_what_it_is_meant_to_catch()
    {
        static IlReferences.Use Call(string type, string member, string parameters = "") => new("X.Y", type, member, parameters);
        Assert.True(WallClock.Reads(Call("System.Threading.Thread", "Sleep", "Int32")));
        Assert.True(WallClock.Reads(Call("System.Threading.Tasks.Task", "Delay", "System.TimeSpan, System.Threading.CancellationToken")));
        Assert.True(WallClock.Reads(Call("System.Diagnostics.Stopwatch", "StartNew")));
        Assert.True(WallClock.Reads(Call("System.DateTime", "get_UtcNow")));
        Assert.True(WallClock.Reads(Call("System.DateTimeOffset", "get_Now")));
        Assert.True(WallClock.Reads(Call("System.Environment", "get_TickCount64")));
        Assert.True(WallClock.Reads(Call("System.Threading.Timer", ".ctor", "System.Threading.TimerCallback")));
        Assert.True(WallClock.Reads(Call("System.TimeProvider", "get_System")));
        Assert.True(WallClock.Reads(Call("InitOS.TestKit.Eventually", "HoldsAsync", "System.Func`1, System.TimeSpan, System.Nullable`1")));
        Assert.False(WallClock.Reads(Call("System.Threading.Tasks.Task", "Delay", "System.TimeSpan, System.TimeProvider, System.Threading.CancellationToken")));
        Assert.False(WallClock.Reads(Call("System.Threading.Tasks.Task", "WaitAsync", "System.TimeSpan")));
        Assert.False(WallClock.Reads(Call("System.TimeProvider", "GetUtcNow")));
    }
}
