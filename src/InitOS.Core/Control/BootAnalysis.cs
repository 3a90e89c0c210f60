using System.Globalization;

namespace InitOS.Core.Control;

/// <summary>
/// <c>ros boot analyze</c>: where the boot's time went, from the timeline the init records (<see cref="BootMark"/>).
/// Blame lists steps and services by duration; the critical chain walks back from the target milestone (the user
/// engine answering) through the services and the boot steps that held it up, down to the kernel's start; coverage
/// is how much of the time to the target those segments explain.
/// </summary>
public static class BootAnalysis
{
    /// <summary>The milestone the chain ends at by default: the user engine answering.</summary>
    public const string DefaultTarget = "user-engine-ready";

    /// <summary>Steps and services, longest first.</summary>
    public static IReadOnlyList<BootMark> Blame(IReadOnlyList<BootMark> timeline) =>
        timeline.Where(m => m.Kind is "step" or "service")
            .OrderByDescending(m => m.DurationMs).ThenBy(m => m.StartMs).ThenBy(m => m.Name, StringComparer.Ordinal)
            .ToList();

    /// <summary>One link of the chain: a named span of the boot.</summary>
    /// <param name="Name">What ran (<c>kernel</c>, a step, <c>service:docker</c>, or <c>(unattributed)</c> for a gap).</param>
    /// <param name="StartMs">Start, in uptime milliseconds.</param>
    /// <param name="EndMs">End.</param>
    public sealed record Link(string Name, long StartMs, long EndMs)
    {
        /// <summary>Its length.</summary>
        public long DurationMs => EndMs - StartMs;
    }

    /// <summary>The chain to <paramref name="target"/>, earliest link first, and the share of the time it attributes.</summary>
    /// <returns>Null when the timeline has no such milestone (the boot has not reached it).</returns>
    public static (IReadOnlyList<Link> Chain, long TargetMs, double Coverage)? CriticalChain(IReadOnlyList<BootMark> timeline, string target = DefaultTarget)
    {
        var end = timeline.FirstOrDefault(m => m.Kind == "mark" && m.Name == target);
        if (end is null || end.StartMs <= 0)
        {
            return null;
        }
        var chain = new List<Link>();
        var cursor = end.StartMs;
        // services first (they run in parallel inside start-services): the one that ended last before the cursor
        // held it up; its start is when its own dependencies were ready, so the walk goes on from there
        var services = timeline.Where(m => m.Kind == "service").ToList();
        var steps = timeline.Where(m => m.Kind == "step").OrderBy(m => m.StartMs).ToList();
        var servicesStep = steps.LastOrDefault(s => s.Name == "start-services" && s.StartMs <= cursor);
        var floor = servicesStep?.StartMs ?? 0;
        // a milestone a service's own start-up ends in (the user engine answers once the docker service's dockerd
        // is up): that service and its start-up come first
        if (TargetServices.GetValueOrDefault(target) is { } owner
            && services.LastOrDefault(s => s.Name == owner && s.StartMs + s.DurationMs <= cursor) is { } own)
        {
            var ownEnd = own.StartMs + own.DurationMs;
            chain.Add(new Link($"service:{owner} (start-up until {target})", ownEnd, cursor));
            chain.Add(new Link("service:" + owner, own.StartMs, ownEnd));
            cursor = own.StartMs;
        }
        while (true)
        {
            var previous = services
                .Where(s => s.StartMs + s.DurationMs <= cursor && s.StartMs >= floor && s.DurationMs > 0)
                .OrderByDescending(s => s.StartMs + s.DurationMs).ThenByDescending(s => s.DurationMs)
                .FirstOrDefault();
            if (previous is null)
            {
                break;
            }
            var previousEnd = previous.StartMs + previous.DurationMs;
            AddGap(chain, previousEnd, cursor);
            chain.Add(new Link("service:" + previous.Name, previous.StartMs, previousEnd));
            cursor = previous.StartMs;
        }
        // then the boot steps that ran before the cursor, in reverse (they run one after another)
        foreach (var step in steps.Where(s => s.StartMs < cursor).OrderByDescending(s => s.StartMs))
        {
            var stepEnd = Math.Min(step.StartMs + step.DurationMs, cursor);
            AddGap(chain, stepEnd, cursor);
            chain.Add(new Link(step.Name, step.StartMs, stepEnd));
            cursor = step.StartMs;
        }
        // the kernel: from its start to PID 1's first line
        var initStart = timeline.FirstOrDefault(m => m.Kind == "mark" && m.Name == "init-start")?.StartMs ?? cursor;
        initStart = Math.Min(initStart, cursor);
        AddGap(chain, initStart, cursor);
        chain.Add(new Link("kernel", 0, initStart));
        chain.Reverse();
        var attributed = chain.Where(l => l.Name != Unattributed).Sum(l => l.DurationMs);
        return (chain, end.StartMs, (double)attributed / end.StartMs);
    }

    /// <summary>Milestones that end a service's own start-up, with that service.</summary>
    private static readonly Dictionary<string, string> TargetServices = new(StringComparer.Ordinal)
    {
        [DefaultTarget] = "docker",
    };

    /// <summary>The name of a gap no step or service explains.</summary>
    public const string Unattributed = "(unattributed)";

    /// <summary>Formats milliseconds as <c>1.234 s</c> or <c>56 ms</c>.</summary>
    public static string Format(long ms) =>
        ms >= 1000 ? string.Create(CultureInfo.InvariantCulture, $"{ms / 1000.0:0.000} s") : string.Create(CultureInfo.InvariantCulture, $"{ms} ms");

    private static void AddGap(List<Link> chain, long from, long to)
    {
        // gaps shorter than a scheduling tick are noise, not lost time
        if (to - from > 5)
        {
            chain.Add(new Link(Unattributed, from, to));
        }
    }
}
