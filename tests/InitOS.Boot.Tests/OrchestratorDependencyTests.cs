using InitOS.Boot.Logging;
using InitOS.Boot.Services;
using InitOS.Core.Config;
using InitOS.Core.Services;

namespace InitOS.Boot.Tests;

/// <summary>What a failed dependency does to the services after it (issue 12: a host always reaches a console).</summary>
public sealed class OrchestratorDependencyTests
{
    [Fact]
    public async Task The_console_starts_after_a_failed_dependency_and_the_others_are_skipped()
    {
        var engine = new FakeContainerEngine();
        engine.Images.UnionWith(["initos/os-base:1", "initos/os-console:1"]);
        engine.PullFailures["initos/os-network:1"] = "no such image";
        var ring = new RingLog();
        var orchestrator = new ServiceOrchestrator(engine, _ => Task.FromResult<Core.Ports.IContainerEngine>(engine), new BootLogger(() => 0, ring));
        var outcomes = await orchestrator.UpAsync(ServiceYaml.Parse("""
            services:
              network:
                image: initos/os-network:1
                labels: {io.rancher.os.scope: system}
              ntp:
                image: initos/os-base:1
                labels: {io.rancher.os.scope: system, io.rancher.os.after: network}
              console:
                image: initos/os-console:1
                labels: {io.rancher.os.scope: system, io.rancher.os.after: "network,ntp"}
            """), CancellationToken.None).WaitAsync(HangGuard.Limit);

        Assert.Equal(ServiceOutcome.Failed, outcomes["network"]);
        Assert.Equal(ServiceOutcome.Skipped, outcomes["ntp"]);
        Assert.Equal(ServiceOutcome.Running, outcomes["console"]);
        var warnings = ring.Snapshot().Select(r => r.Text).ToList();
        Assert.Contains("Not starting service 'ntp': dependency 'network' failed", warnings);
        Assert.Contains("Starting service 'console' although dependency 'network' failed: a host always reaches a console", warnings);
        Assert.Contains("Starting service 'console' although dependency 'ntp' was skipped: a host always reaches a console", warnings);
        Assert.Equal("running", (await engine.InspectAsync("console", CancellationToken.None))!.State);
    }
}
