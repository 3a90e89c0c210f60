using InitOS.Core.Boot;
using InitOS.Core.Control;

namespace InitOS.Core.Tests.Control;

public class BootAnalysisTests
{
    // A boot as the init records it: the kernel until 2,000 ms, steps one after another, services in parallel
    // inside start-services, the user engine answering at 30,000 ms.
    private static readonly string[] Lines =
    [
        "initos-boot mark=init-start at_ms=2000",
        "initos-boot step=mount-early start_ms=2000 dur_ms=100 result=ok",
        "initos-boot step=load-config start_ms=2100 dur_ms=400 result=ok",
        "initos-boot step=start-system-engine start_ms=2500 dur_ms=7500 result=ok",
        "initos-boot mark=system-engine-ready at_ms=10000",
        "initos-boot step=start-services start_ms=10000 dur_ms=25000 result=degraded",
        "initos-boot service=udev start_ms=10050 dur_ms=2000 result=ok",
        "initos-boot service=syslog start_ms=10050 dur_ms=900 result=ok",
        "initos-boot service=network start_ms=12050 dur_ms=3000 result=ok",
        "initos-boot service=docker start_ms=15050 dur_ms=1500 result=ok",
        "initos-boot service=console start_ms=15050 dur_ms=9000 result=ok",
        "initos-boot mark=user-engine-ready at_ms=30000",
        "initos-boot step=cloud-init-execute start_ms=35000 dur_ms=500 result=ok",
    ];

    private static List<BootMark> Timeline() => Lines.Select(l => StepLine.ParseAny(l)!).ToList();

    [Fact]
    public void Every_kind_of_timing_line_parses()
    {
        Assert.Equal(new BootMark("init-start", "mark", 2000, 0, ""), StepLine.ParseAny("<5>[ 2.0] initos-boot mark=init-start at_ms=2000"));
        Assert.Equal(new BootMark("docker", "service", 15050, 1500, "ok"), StepLine.ParseAny(StepLine.Service("docker", 15050, 1500, StepResult.Ok)));
        Assert.Equal(new BootMark("load-config", "step", 1, 2, "degraded"), StepLine.ParseAny(StepLine.Format("load-config", 1, 2, StepResult.Degraded)));
        Assert.Null(StepLine.ParseAny("initos-boot step=x start_ms=1 dur_ms=-3 result=ok"));
        Assert.Null(StepLine.ParseAny("initos-boot step=x start_ms=1 dur_ms=3 result=maybe"));
        Assert.Null(StepLine.ParseAny("unrelated line"));
    }

    [Fact]
    public void Blame_lists_steps_and_services_longest_first_without_marks()
    {
        var blame = BootAnalysis.Blame(Timeline());
        Assert.Equal(["start-services", "console", "start-system-engine", "network", "udev"], blame.Take(5).Select(m => m.Name));
        Assert.DoesNotContain(blame, m => m.Kind == "mark");
    }

    [Fact]
    public void The_chain_walks_back_from_the_user_engine_through_its_services_and_steps_to_the_kernel()
    {
        var (chain, target, coverage) = BootAnalysis.CriticalChain(Timeline())!.Value;
        Assert.Equal(30000, target);
        Assert.Equal(
            ["kernel", "mount-early", "load-config", "start-system-engine", "start-services", "service:udev", "service:network", "service:docker",
             "service:docker (start-up until user-engine-ready)"],
            chain.Select(l => l.Name));
        // links are contiguous from 0 to the target, so all of it is explained
        Assert.Equal(0, chain[0].StartMs);
        Assert.Equal(30000, chain[^1].EndMs);
        for (var i = 1; i < chain.Count; i++)
        {
            Assert.Equal(chain[i - 1].EndMs, chain[i].StartMs);
        }
        Assert.Equal(1.0, coverage, 3);
    }

    [Fact]
    public void Gaps_no_step_explains_are_named_and_not_counted()
    {
        // a milestone no service owns: the service that ended last before it held it up, and the rest is a gap
        var timeline = Timeline();
        timeline.Add(new BootMark("console-ready", "mark", 26000, 0, ""));
        var (chain, _, coverage) = BootAnalysis.CriticalChain(timeline, "console-ready")!.Value;
        Assert.Equal(["service:console", BootAnalysis.Unattributed], chain.TakeLast(2).Select(l => l.Name));
        Assert.Equal((26000 - 1950) / 26000.0, coverage, 3);
    }

    [Fact]
    public void A_target_the_boot_has_not_reached_gives_no_chain()
    {
        Assert.Null(BootAnalysis.CriticalChain(Timeline(), "never"));
        Assert.Null(BootAnalysis.CriticalChain([]));
    }

    [Theory]
    [InlineData(56, "56 ms")]
    [InlineData(1234, "1.234 s")]
    public void Durations_read_as_seconds_or_milliseconds(long ms, string text) =>
        Assert.Equal(text, BootAnalysis.Format(ms));
}
