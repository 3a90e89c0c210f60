using Xunit;

namespace InitOS.TestKit;

/// <summary>
/// Issue 12, the test that a unit test project waits on the fake clock, never the wall clock: derive one class from
/// this in each unit test project (xunit runs the inherited fact there, on that project's compiled assembly).
/// </summary>
/// <param name="allowed">The uses that stay, by caller prefix, each with its reason (see <see cref="WallClock.Check"/>).</param>
public abstract class WallClockFacts(IReadOnlyDictionary<string, string> allowed)
{
    /// <summary>A project with no exceptions.</summary>
    protected WallClockFacts()
        : this(new Dictionary<string, string>())
    {
    }

    [Fact]
    public void Tests_read_no_wall_clock()
    {
        var problems = WallClock.Check(GetType().Assembly, allowed);
        Assert.True(problems is null, problems);
    }
}
