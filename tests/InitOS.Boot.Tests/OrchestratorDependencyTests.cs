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

    [Fact]
    public async Task Issue_10_containers_of_one_shim_group_start_one_at_a_time_and_the_others_beside_them()
    {
        var engine = new FakeContainerEngine();
        engine.Images.Add("initos/os-base:1");
        var started = new List<string>();
        var inFlight = 0;
        var most = 0;
        var holdFirst = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var othersIn = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var firstInGroup = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var bothCreated = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var created = 0;
        engine.AfterCreate = name =>
        {
            if (name.StartsWith('g') && Interlocked.Increment(ref created) == 2)
            {
                bothCreated.TrySetResult();
            }
        };
        engine.BeforeStart = async id =>
        {
            // through the fake's lock: its dictionary is written by the other services' creates meanwhile
            var name = (await engine.InspectAsync(id, CancellationToken.None))!.Name;
            lock (started)
            {
                started.Add(name);
                if (name.StartsWith('g'))
                {
                    most = Math.Max(most, ++inFlight);
                }
                if (name == "plain")
                {
                    othersIn.TrySetResult();
                }
            }
            if (name.StartsWith('g'))
            {
                bool first;
                lock (started)
                {
                    first = started.Count(n => n.StartsWith('g')) == 1;
                }
                if (first)
                {
                    firstInGroup.TrySetResult();
                    await holdFirst.Task;
                }
                lock (started)
                {
                    inFlight--;
                }
            }
        };
        var orchestrator = new ServiceOrchestrator(engine, _ => Task.FromResult<Core.Ports.IContainerEngine>(engine), new BootLogger(() => 0, new RingLog()));
        var up = orchestrator.UpAsync(ServiceYaml.Parse("""
            services:
              g-syslog:
                image: initos/os-base:1
                annotations: {io.containerd.runc.v2.group: initos-system}
                labels: {io.rancher.os.scope: system}
              g-acpid:
                image: initos/os-base:1
                annotations: {io.containerd.runc.v2.group: initos-system}
                labels: {io.rancher.os.scope: system}
              plain:
                image: initos/os-base:1
                labels: {io.rancher.os.scope: system}
            """), CancellationToken.None);

        // the container outside the group starts while the group's first start is still held, and the group's second,
        // created by then (its start follows its create at once), does not
        await Task.WhenAll(othersIn.Task, firstInGroup.Task, bothCreated.Task).WaitAsync(HangGuard.Limit);
        lock (started)
        {
            Assert.Single(started, n => n.StartsWith('g'));
        }
        holdFirst.SetResult();
        var outcomes = await up.WaitAsync(HangGuard.Limit);

        Assert.All(outcomes.Values, o => Assert.Equal(ServiceOutcome.Running, o));
        Assert.Equal(1, most);
        Assert.Equal(3, started.Count);
    }
}
