using System.Reflection;

namespace InitOS.TestKit;

/// <summary>
/// The rule that keeps the wall clock out of the unit tests, read from a compiled test assembly's IL: no
/// <c>Thread.Sleep</c>, no <c>Task.Delay</c> without a <see cref="TimeProvider"/>, no <c>Stopwatch</c>, no
/// <c>DateTime(Offset).Now/UtcNow/Today</c>, no <c>Environment.TickCount</c>, no <c>new Timer</c>, no
/// <c>TimeProvider.System</c> and no <see cref="Eventually"/>: what the code under test waits for runs on a
/// <see cref="FakeClock"/>. Bounds that only
/// fail a hang (<c>WaitAsync(HangGuard.Limit)</c>, a process' <c>WaitForExit(ms)</c>) are not clock reads.
/// </summary>
public static class WallClock
{
    /// <summary>True when <paramref name="use"/> reads or waits on the wall clock.</summary>
    public static bool Reads(IlReferences.Use use) => use switch
    {
        { Type: "System.Diagnostics.Stopwatch" } => true,
        { Type: "System.DateTime" or "System.DateTimeOffset", Member: "get_Now" or "get_UtcNow" or "get_Today" } => true,
        { Type: "System.Environment", Member: "get_TickCount" or "get_TickCount64" } => true,
        { Type: "System.Threading.Thread", Member: "Sleep" } => true,
        { Type: "System.Threading.Timer", Member: ".ctor" } => true,
        { Type: "System.TimeProvider", Member: "get_System" } => true,
        { Type: "System.Threading.Tasks.Task", Member: "Delay" } => !use.Parameters.Contains("System.TimeProvider", StringComparison.Ordinal),
        { Type: "InitOS.TestKit.Eventually" } => true, // the integration tiers' poll of real components
        _ => false,
    };

    /// <summary>
    /// Checks <paramref name="assembly"/>: null when every wall-clock use is explained by <paramref name="allowed"/>
    /// (caller prefix, as in <c>Namespace.Type.Method -&gt; Type::Member</c>, to the reason), else what is wrong,
    /// uses nobody explained and explanations that match nothing any more (so the list only shrinks).
    /// </summary>
    public static string? Check(Assembly assembly, IReadOnlyDictionary<string, string> allowed)
    {
        var uses = IlReferences.Read(assembly.Location).Where(Reads).Select(u => u.ToString()).Distinct().Order(StringComparer.Ordinal).ToList();
        var unexplained = uses.Where(u => !allowed.Keys.Any(a => u.StartsWith(a, StringComparison.Ordinal))).ToList();
        var stale = allowed.Keys.Where(a => !uses.Any(u => u.StartsWith(a, StringComparison.Ordinal))).ToList();
        if (unexplained.Count == 0 && stale.Count == 0)
        {
            return null;
        }
        var problems = new List<string>();
        if (unexplained.Count > 0)
        {
            problems.Add("wall-clock uses nobody explained (use the FakeClock, or allow one with its reason):\n  " + string.Join("\n  ", unexplained));
        }
        if (stale.Count > 0)
        {
            problems.Add("explanations that match nothing any more (remove them):\n  " + string.Join("\n  ", stale));
        }
        return $"{assembly.GetName().Name}: {string.Join("\n", problems)}";
    }
}
