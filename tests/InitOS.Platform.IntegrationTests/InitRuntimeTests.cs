using InitOS.Boot;
using InitOS.Boot.Logging;
using InitOS.Core.Boot;
using InitOS.Platform.Block;
using InitOS.Platform.Docker;
using InitOS.Platform.Files;
using InitOS.Platform.Linux;
using InitOS.Platform.Logging;
using InitOS.Platform.Processes;
using InitOS.Platform.Signals;

namespace InitOS.Platform.IntegrationTests;

/// <summary>
/// The whole init in container mode (no kernel mounts, no reboot(2)) with every real adapter, rooted in a
/// temp tree: it loads the config, starts its own system dockerd, preloads an image tarball, brings the
/// services up in order, survives a kill -9 of the engine, and shuts down in order on request.
/// </summary>
[Collection("dockerd")]
public sealed class InitRuntimeTests
{
    private readonly DockerdFixture _d;

    public InitRuntimeTests(DockerdFixture d) => _d = d;

    [RequiresDockerFact]
    public async Task Boots_services_survives_engine_kill_and_shuts_down_in_order()
    {
        Assert.True(_d.Unavailable == null, $"dockerd prerequisites missing under CI: {_d.Unavailable}");
        var root = Path.Join(_d.Dir, "root");
        var run = Path.Join(_d.Dir, "sd");
        var shared = Path.Join(_d.Dir, "e2e-shared");
        Directory.CreateDirectory(shared);
        await PrepareRootAsync(root, run, "e2e", $$"""
            e2e-volumes:
              image: {{_d.Image}}
              command: ["true"]
              volumes: ["{{shared}}:/shared"]
              labels: {io.initos.test: {{_d.RunId}}, io.rancher.os.scope: system, io.rancher.os.createonly: "true"}
            e2e-once:
              image: {{_d.Image}}
              command: [sh, -c, "echo once >> /shared/log"]
              volumes_from: [e2e-volumes]
              labels: {io.initos.test: {{_d.RunId}}, io.rancher.os.scope: system, io.rancher.os.detach: "false"}
            e2e-daemon:
              image: {{_d.Image}}
              command: [sh, -c, "echo daemon >> /shared/log; exec sleep 600"]
              volumes_from: [e2e-volumes]
              restart: always
              labels: {io.initos.test: {{_d.RunId}}, io.rancher.os.scope: system, io.rancher.os.after: e2e-once}
            """);
        var ring = new RingLog();
        var console = new MemoryStream();
        var runtime = NewRuntime(root, "ve2e", ring, console);
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        var running = Task.Run(() => runtime.RunAsync(cts.Token));

        await WaitForAsync(() => ring.Snapshot().Any(r => r.Text.StartsWith("initos-boot mark=boot-done", StringComparison.Ordinal)), running, "boot-done");
        var client = new DockerEngine($"unix://{run}/sd.sock");
        Assert.True((await client.InspectAsync("e2e-daemon", cts.Token))!.IsRunning);
        Assert.Equal("created", (await client.InspectAsync("e2e-volumes", cts.Token))!.State);
        Assert.Equal(["once", "daemon"], File.ReadAllLines(Path.Join(shared, "log")));
        var texts = ring.Snapshot().Select(r => r.Text).ToList();
        Assert.Contains(texts, t => t.StartsWith("initos-boot step=start-system-engine ", StringComparison.Ordinal) && t.EndsWith("result=ok", StringComparison.Ordinal));
        Assert.Contains(texts, t => t.StartsWith("initos-boot step=start-services ", StringComparison.Ordinal) && t.EndsWith("result=ok", StringComparison.Ordinal));
        Assert.Contains($"Preloaded '/var/lib/rancher/preload/system-docker/busybox.tar' into the system engine", texts);
        Assert.True(File.Exists(Path.Join(root, "var/lib/rancher/preload/system-docker/busybox.tar.done")));
        Assert.StartsWith("InitOS ve2e starting as PID ", System.Text.Encoding.UTF8.GetString(console.ToArray()));

        // Issue 12: the merged configuration this boot completed with is kept as the last good one, root-only.
        var lastGood = Path.Join(root, "var/lib/rancher/conf/last-good.yml");
        await WaitForAsync(() => File.Exists(lastGood), running, "last-good.yml");
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(lastGood));
        var saved = InitOS.Core.Config.YamlText.Parse(File.ReadAllText(lastGood), lastGood);
        Assert.True(InitOS.Core.Config.ConfigTree.TryGet(saved, ["rancher", "services", "e2e-daemon", "restart"], out var restart));
        Assert.Equal("always", restart);

        // kill -9 of the system engine: restarted with backoff, services brought back. With live-restore
        // (the default) the service container itself never stopped: same container, not run again.
        var daemonId = (await client.InspectAsync("e2e-daemon", cts.Token))!.Id;
        var pid = int.Parse(File.ReadAllText(Path.Join(run, "sd.pid")).Trim(), System.Globalization.CultureInfo.InvariantCulture);
        // the engine outlives workloads under memory pressure; lowering a score needs CAP_SYS_RESOURCE, which a
        // sandboxed test host may lack: then the init says it could not, and goes on
        if (CanLowerOomScore())
        {
            Assert.Equal("-500", File.ReadAllText($"/proc/{pid}/oom_score_adj").Trim());
        }
        else
        {
            Assert.Contains(ring.Snapshot(), r => r.Text.Contains("Cannot set the oom_score_adj of system-docker to -500", StringComparison.Ordinal));
        }
        Assert.True(new LinuxSyscalls().Kill(pid, 9).IsOk);
        await WaitForAsync(() => ring.Snapshot().Any(r => r.Text.StartsWith("System services back after engine restart", StringComparison.Ordinal)), running, "engine restart");
        var after = (await client.InspectAsync("e2e-daemon", cts.Token))!;
        Assert.True(after.IsRunning);
        Assert.Equal(daemonId, after.Id);
        Assert.Equal(["once", "daemon"], File.ReadAllLines(Path.Join(shared, "log")));

        // Orderly shutdown: services stopped, engine stopped, the init returns (container mode).
        await runtime.Events.WriteAsync(new SystemEvent(SystemEventKind.ShutdownRequested, Action: PowerAction.PowerOff), cts.Token);
        await running.WaitAsync(cts.Token);
        texts = ring.Snapshot().Select(r => r.Text).ToList();
        File.WriteAllLines(Path.Join(_d.Dir, "..", $"initos-e2e-{_d.RunId}.log"), ring.Snapshot().Select(BootLogFormat.Ring));
        Assert.True(texts.IndexOf("Stopped e2e-daemon") < texts.IndexOf("Stopped e2e-once"));
        Assert.Contains("Stopped system-docker", texts);
        Assert.Contains(texts, t => t.StartsWith("Started system-containerd (pid ", StringComparison.Ordinal));
        Assert.Contains("InitOS shutdown complete, power off now", texts);
        Assert.False(await new ProcessEngineRunner().PingAsync(Path.Join(run, "sd.sock"), TimeSpan.FromSeconds(1), CancellationToken.None));
        _ = new LinuxSyscalls().Unmount(Path.Join(run, "data"), detach: true);
    }

    [RequiresDockerFact]
    public async Task A_signal_during_the_boot_stops_it_and_shuts_down_without_waiting_for_the_boot()
    {
        Assert.True(_d.Unavailable == null, $"dockerd prerequisites missing under CI: {_d.Unavailable}");
        var root = Path.Join(_d.Dir, "root-early");
        var run = Path.Join(_d.Dir, "sd-early");
        // a one-shot that would hold the boot in start-services for 10 minutes (its bound)
        await PrepareRootAsync(root, run, "early", $$"""
            early-hang:
              image: {{_d.Image}}
              command: [sleep, "600"]
              labels: {io.initos.test: {{_d.RunId}}, io.rancher.os.scope: system, io.rancher.os.detach: "false"}
            """);
        var ring = new RingLog();
        var runtime = NewRuntime(root, "vearly", ring, new MemoryStream());
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        var running = Task.Run(() => runtime.RunAsync(cts.Token));

        var client = new DockerEngine($"unix://{run}/sd.sock");
        bool Hanging()
        {
            try
            {
                return client.InspectAsync("early-hang", CancellationToken.None).GetAwaiter().GetResult() is { IsRunning: true };
            }
            catch (Exception e) when (e is HttpRequestException or IOException || e.InnerException is HttpRequestException)
            {
                return false; // the engine is not up yet
            }
        }
        await WaitForAsync(Hanging, running, "the hanging one-shot");
        await runtime.Events.WriteAsync(SystemEvent.FromSignal(SystemSignal.Terminate), cts.Token);
        await running.WaitAsync(TimeSpan.FromSeconds(60)); // the shutdown is bounded: a deadline, not a measurement

        var texts = ring.Snapshot().Select(r => r.Text).ToList();
        File.WriteAllLines(Path.Join(_d.Dir, "..", $"initos-early-{_d.RunId}.log"), ring.Snapshot().Select(BootLogFormat.Ring));
        Assert.Contains(texts, t => t.StartsWith("Received signal 15 during the boot: stopping the boot, shutting down to PowerOff", StringComparison.Ordinal));
        Assert.Contains("InitOS shutdown complete, power off now", texts);
        Assert.Contains("Stopped system-docker", texts);
        Assert.DoesNotContain(texts, t => t.StartsWith("initos-boot mark=boot-done", StringComparison.Ordinal));
        Assert.DoesNotContain(texts, t => t.StartsWith("initos-boot step=cloud-init-execute ", StringComparison.Ordinal)); // no step after the stop
        Assert.False(await new ProcessEngineRunner().PingAsync(Path.Join(run, "sd.sock"), TimeSpan.FromSeconds(1), CancellationToken.None));
        _ = new LinuxSyscalls().Unmount(Path.Join(run, "data"), detach: true);
    }

    /// <summary>
    /// A root for the init in container mode: the busybox image as a system preload, an os-release of
    /// <paramref name="version"/>, and an os-config whose system engine lives under <paramref name="run"/> and whose
    /// services are <paramref name="services"/> (YAML at column 0).
    /// </summary>
    private async Task PrepareRootAsync(string root, string run, string version, string services)
    {
        Directory.CreateDirectory(Path.Join(root, "usr/share/ros"));
        Directory.CreateDirectory(Path.Join(root, "var/lib/rancher/preload/system-docker"));
        Directory.CreateDirectory(run);
        await _d.DockerCliAsync(["save", "-o", Path.Join(root, "var/lib/rancher/preload/system-docker/busybox.tar"), _d.Image]);
        File.WriteAllText(Path.Join(root, "usr/share/ros/os-release"), $"NAME=\"InitOS\"\nVERSION_ID={version}\n");
        var indented = string.Concat(services.Split('\n').Select(l => l.Length == 0 ? "\n" : "    " + l + "\n"));
        File.WriteAllText(Path.Join(root, "usr/share/ros/os-config.yml"), $$"""
            rancher:
              shutdown_timeout: 60
              system_docker:
                host: [unix://{{run}}/sd.sock]
                data_root: {{run}}/data
                exec_root: {{run}}/exec
                pid_file: {{run}}/sd.pid
                bridge: none
                iptables: false
                ip_masq: false
              services:

            """ + indented);
    }

    /// <summary>The init in container mode over the real adapters, rooted at <paramref name="root"/>.</summary>
    private static InitRuntime NewRuntime(string root, string version, RingLog ring, Stream console)
    {
        var log = new BootLogger(new ProcFs().UptimeMs, ring);
        log.Add(new ConsoleLog(console));
        var engines = new Dictionary<string, DockerEngine>();
        var ports = new InitPorts(new LinuxSyscalls(), new ProcFs(), new RootedFileStore(root), new SysfsBlockDevices(), new ProgramRunner(),
            new ProcessEngineRunner(), e => engines.TryGetValue(e, out var c) ? c : engines[e] = new DockerEngine(e), new PosixSignalSource(),
            new ConsoleLog(console), () => null);
        return new InitRuntime(ports, log, new InitOptions(version, ContainerMode: true, Prerequisites.Which("dockerd")!, Prerequisites.Which("containerd") ?? "containerd"), TimeProvider.System);
    }

    private static bool CanLowerOomScore()
    {
        try
        {
            File.WriteAllText("/proc/self/oom_score_adj", "-1");
            File.WriteAllText("/proc/self/oom_score_adj", "0");
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static async Task WaitForAsync(Func<bool> condition, Task running, string what)
    {
        var holds = await Eventually.HoldsAsync(() => condition() || running.IsCompleted, TimeSpan.FromMinutes(2), TimeSpan.FromMilliseconds(100));
        if (!condition() && running.IsCompleted)
        {
            await running;
            Assert.Fail($"init returned before {what}");
        }
        Assert.True(holds, $"no {what} within 2 minutes");
    }
}
