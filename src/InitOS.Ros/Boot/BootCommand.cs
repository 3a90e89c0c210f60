using System.CommandLine;
using System.Globalization;
using InitOS.Core.Control;

namespace InitOS.Ros.Boot;

/// <summary><c>ros boot analyze</c>: where the boot's time went (systemd-analyze's blame and critical chain), from the running init.</summary>
public static class BootCommand
{
    /// <summary>Builds the <c>boot</c> command.</summary>
    public static Command Build(RosContext context)
    {
        var boot = new Command("boot", "Inspect this boot.");
        var blameOnly = new Option<bool>("--blame") { Description = "Only the steps and services, longest first." };
        var target = new Option<string>("--target") { Description = "The milestone the critical chain ends at.", DefaultValueFactory = _ => BootAnalysis.DefaultTarget };
        var analyze = new Command("analyze", "Show where the boot's time went: the critical chain from the kernel's start to the user engine answering (with the share of the time it explains), then every step and service by duration.") { blameOnly, target };
        analyze.SetAction((p, ct) => RosGuard.Run(context, () => AnalyzeAsync(context, p.GetValue(blameOnly), p.GetValue(target)!, ct)));
        boot.Subcommands.Add(analyze);
        return boot;
    }

    private static async Task<int> AnalyzeAsync(RosContext context, bool blameOnly, string target, CancellationToken cancellationToken)
    {
        var control = context.Control?.Invoke() ?? throw new RosException("the control API is not available in this build");
        await using var _ = control as IAsyncDisposable;
        var timeline = await control.BootTimelineAsync(cancellationToken).ConfigureAwait(false);
        var output = context.Out;
        if (!blameOnly)
        {
            if (BootAnalysis.CriticalChain(timeline, target) is not { } chain)
            {
                var marks = timeline.Where(m => m.Kind == "mark").Select(m => m.Name).ToList();
                throw new RosException($"the boot has not reached '{target}' (yet); milestones so far: {(marks.Count == 0 ? "none" : string.Join(", ", marks))}");
            }
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{target} reached at {BootAnalysis.Format(chain.TargetMs)} of uptime; the chain below explains {chain.Coverage * 100:0.0}% of it:"));
            foreach (var link in chain.Chain)
            {
                output.WriteLine($"  {BootAnalysis.Format(link.StartMs),10} +{BootAnalysis.Format(link.DurationMs),-10} {link.Name}");
            }
            output.WriteLine();
        }
        output.WriteLine("Blame (steps and services, longest first):");
        foreach (var mark in BootAnalysis.Blame(timeline))
        {
            var name = mark.Kind == "service" ? "service:" + mark.Name : mark.Name;
            output.WriteLine($"  {BootAnalysis.Format(mark.DurationMs),10}  {name}{(mark.Result is "ok" or "" ? "" : $" ({mark.Result})")}");
        }
        return 0;
    }
}
