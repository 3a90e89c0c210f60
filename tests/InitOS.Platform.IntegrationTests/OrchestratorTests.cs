using InitOS.Boot.Services;
using InitOS.Core.Config;
using InitOS.Core.Ports;
using InitOS.Core.Services;

namespace InitOS.Platform.IntegrationTests;

[Collection("dockerd")]
public sealed class OrchestratorTests
{
    private readonly DockerdFixture _d;

    public OrchestratorTests(DockerdFixture d) => _d = d;

    private IContainerEngine Client()
    {
        Assert.True(_d.Unavailable == null, $"dockerd prerequisites missing under CI: {_d.Unavailable}");
        return _d.Client!;
    }

    private ServiceOrchestrator Orchestrator(IContainerEngine engine) => new(engine, _ => Task.FromResult(engine), _d.Log);

    private IReadOnlyList<ServiceDefinition> Services(string yaml)
    {
        return ServiceYaml.Parse(yaml.Replace("IMAGE", _d.Image).Replace("RUNID", _d.RunId));
    }

    [RequiresDockerFact]
    public async Task One_shot_completes_before_its_dependant_starts_and_createonly_is_only_created()
    {
        var engine = Client();
        var shared = Path.Join(_d.Dir, "shared-order");
        Directory.CreateDirectory(shared);
        var services = Services($$"""
            services:
              o-first:
                image: IMAGE
                command: [sh, -c, "sleep 1; echo ready > /shared/first"]
                volumes: ["{{shared}}:/shared"]
                labels: {io.initos.test: RUNID, io.rancher.os.scope: system, io.rancher.os.detach: "false"}
              o-second:
                image: IMAGE
                command: [cat, /shared/first]
                volumes: ["{{shared}}:/shared"]
                labels: {io.initos.test: RUNID, io.rancher.os.scope: system, io.rancher.os.detach: "false", io.rancher.os.after: o-first}
              o-volumes:
                image: IMAGE
                command: ["true"]
                volumes: [/data]
                labels: {io.initos.test: RUNID, io.rancher.os.scope: system, io.rancher.os.createonly: "true"}
              o-user:
                image: IMAGE
                command: [sleep, "600"]
                volumes_from: [o-volumes]
                labels: {io.initos.test: RUNID, io.rancher.os.after: o-second}
            """);
        var outcomes = await Orchestrator(engine).UpAsync(services, CancellationToken.None);
        Assert.Equal(ServiceOutcome.Completed, outcomes["o-first"]);
        Assert.Equal(ServiceOutcome.Completed, outcomes["o-second"]);
        Assert.Equal(ServiceOutcome.Created, outcomes["o-volumes"]);
        Assert.Equal(ServiceOutcome.Running, outcomes["o-user"]);
        var second = await engine.InspectAsync("o-second", CancellationToken.None);
        Assert.Equal("ready\n", await engine.LogsAsync(second!.Id, CancellationToken.None));
        Assert.Equal("created", (await engine.InspectAsync("o-volumes", CancellationToken.None))!.State);
        Assert.True((await engine.InspectAsync("o-user", CancellationToken.None))!.IsRunning);
    }

    [RequiresDockerFact]
    public async Task Issue_12_hung_one_shot_is_waited_for_a_bounded_time_and_its_dependant_still_starts()
    {
        var engine = Client();
        var services = Services("""
            services:
              h-hung:
                image: IMAGE
                command: [sleep, "600"]
                labels: {io.initos.test: RUNID, io.rancher.os.scope: system, io.rancher.os.detach: "false"}
              h-after:
                image: IMAGE
                command: [sleep, "600"]
                labels: {io.initos.test: RUNID, io.rancher.os.scope: system, io.rancher.os.after: h-hung}
            """);
        // the default bound (10 min), on a fake clock: it passes when the orchestrator waits for the one-shot
        var clock = new FakeClock();
        var orchestrator = new ServiceOrchestrator(engine, _ => Task.FromResult(engine), _d.Log) { Time = clock };
        var up = orchestrator.UpAsync(services, CancellationToken.None);
        await clock.AdvanceWhenAskedAsync(orchestrator.OneShotTimeout).WaitAsync(TimeSpan.FromSeconds(60));
        var outcomes = await up.WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Equal(ServiceOutcome.CompletedWithError, outcomes["h-hung"]);
        Assert.Equal(ServiceOutcome.Running, outcomes["h-after"]);
        Assert.Equal("running", (await engine.InspectAsync("h-hung", CancellationToken.None))!.State);
        Assert.Contains(_d.Ring.Snapshot(), r => r.Text == "One-shot service 'h-hung' still runs after 600 s, going on without waiting for it");
    }

    [RequiresDockerFact]
    public async Task Container_is_kept_when_unchanged_and_recreated_when_its_definition_changes()
    {
        var engine = Client();
        const string yaml = """
            services:
              r-svc:
                image: IMAGE
                command: [sleep, "600"]
                environment: {COLOR: COLORVALUE}
                labels: {io.initos.test: RUNID, io.rancher.os.scope: system}
            """;
        var orchestrator = Orchestrator(engine);
        await orchestrator.UpAsync(Services(yaml.Replace("COLORVALUE", "red")), CancellationToken.None);
        var first = await engine.InspectAsync("r-svc", CancellationToken.None);
        await orchestrator.UpAsync(Services(yaml.Replace("COLORVALUE", "red")), CancellationToken.None);
        var same = await engine.InspectAsync("r-svc", CancellationToken.None);
        Assert.Equal(first!.Id, same!.Id);
        await orchestrator.UpAsync(Services(yaml.Replace("COLORVALUE", "blue")), CancellationToken.None);
        var changed = await engine.InspectAsync("r-svc", CancellationToken.None);
        Assert.NotEqual(first.Id, changed!.Id);
        Assert.True(changed.IsRunning);
        Assert.NotEqual(first.Labels[ServiceLabels.ConfigHash], changed.Labels[ServiceLabels.ConfigHash]);

        // rebuild: "false" keeps the stale container; rebuild: always recreates even when unchanged.
        await orchestrator.UpAsync(Services(yaml.Replace("COLORVALUE", "green").Replace("scope: system}", "scope: system, io.docker.compose.rebuild: \"false\"}")), CancellationToken.None);
        Assert.Equal(changed.Id, (await engine.InspectAsync("r-svc", CancellationToken.None))!.Id);
        var always = Services(yaml.Replace("COLORVALUE", "green").Replace("scope: system}", "scope: system, io.docker.compose.rebuild: always}"));
        await orchestrator.UpAsync(always, CancellationToken.None);
        var a1 = (await engine.InspectAsync("r-svc", CancellationToken.None))!.Id;
        await orchestrator.UpAsync(always, CancellationToken.None);
        Assert.NotEqual(a1, (await engine.InspectAsync("r-svc", CancellationToken.None))!.Id);
    }

    [RequiresDockerFact]
    public async Task Restart_policy_always_brings_a_killed_service_back()
    {
        var engine = Client();
        var services = Services("""
            services:
              p-always:
                image: IMAGE
                command: [sleep, "600"]
                restart: always
                labels: {io.initos.test: RUNID, io.rancher.os.scope: system}
            """);
        await Orchestrator(engine).UpAsync(services, CancellationToken.None);
        // Kill the process itself (an API kill/stop counts as a manual stop, which restart policies respect).
        var pid = int.Parse((await _d.DockerCliAsync(["inspect", "-f", "{{.State.Pid}}", "p-always"])).Trim(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(new Linux.LinuxSyscalls().Kill(pid, 9).IsOk);
        ContainerInfo? info = null;
        _ = await Eventually.HoldsAsync(async () =>
        {
            info = await engine.InspectAsync("p-always", CancellationToken.None);
            return info!.IsRunning && info.State == "running" && await RestartCountAsync() > 0;
        }, TimeSpan.FromSeconds(20), TimeSpan.FromMilliseconds(200));
        Assert.Equal("running", info!.State);
        Assert.True(await RestartCountAsync() > 0);
    }

    private async Task<int> RestartCountAsync() =>
        int.Parse((await _d.DockerCliAsync(["inspect", "-f", "{{.RestartCount}}", "p-always"])).Trim(), System.Globalization.CultureInfo.InvariantCulture);

    [RequiresDockerFact]
    public async Task Failed_dependency_skips_dependants_and_missing_image_fails()
    {
        var engine = Client();
        var services = Services("""
            services:
              f-noimage:
                image: 127.0.0.1:9/initos-test/does-not-exist:RUNID
                labels: {io.initos.test: RUNID, io.rancher.os.scope: system}
              f-dependant:
                image: IMAGE
                command: [sleep, "600"]
                labels: {io.initos.test: RUNID, io.rancher.os.scope: system, io.rancher.os.after: f-noimage}
              f-oneshot-fails:
                image: IMAGE
                command: [sh, -c, "exit 3"]
                labels: {io.initos.test: RUNID, io.rancher.os.scope: system, io.rancher.os.detach: "false"}
              f-after-failing-oneshot:
                image: IMAGE
                command: [sleep, "600"]
                labels: {io.initos.test: RUNID, io.rancher.os.scope: system, io.rancher.os.after: f-oneshot-fails}
            """);
        var outcomes = await Orchestrator(engine).UpAsync(services, CancellationToken.None);
        Assert.Equal(ServiceOutcome.Failed, outcomes["f-noimage"]);
        Assert.Equal(ServiceOutcome.Skipped, outcomes["f-dependant"]);
        Assert.Equal(ServiceOutcome.CompletedWithError, outcomes["f-oneshot-fails"]);
        Assert.Equal(ServiceOutcome.Running, outcomes["f-after-failing-oneshot"]);
        Assert.Null(await engine.InspectAsync("f-dependant", CancellationToken.None));
        // an absent image is pulled; a registry that is not there fails this service alone, naming the registry
        Assert.Contains(_d.Ring.Snapshot(), r => r.Text.StartsWith("Failed to bring up service 'f-noimage': Engine call 'pull 127.0.0.1:9/initos-test/does-not-exist:" + _d.RunId + "' failed", StringComparison.Ordinal)
            && r.Text.Contains("registry 127.0.0.1:9", StringComparison.Ordinal));
    }
}
