using System.Collections.Concurrent;
using System.Threading.Channels;
using InitOS.Boot;
using InitOS.Boot.Engine;
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
/// Issue 12, supervision that cannot stop: the output copier drains a daemon whose log cannot be written,
/// rotates at its cap; a killed containerd or dockerd is restarted and, with live-restore, the containers
/// keep running; a data root the engine cannot start over is moved aside and the engine starts fresh.
/// </summary>
public sealed class SupervisionTests : IAsyncLifetime
{
    private readonly string _dir = Path.Join("/tmp", "initos-sup-" + Guid.NewGuid().ToString("N")[..8]);
    private readonly RingLog _ring = new();
    private readonly List<SystemEngine> _engines = [];

    public Task InitializeAsync()
    {
        Directory.CreateDirectory(_dir);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        foreach (var engine in _engines)
        {
            await engine.StopAsync(TimeSpan.FromSeconds(20));
        }
        // Stacked mounts (a tmpfs over a tmpfs) need one unmount each.
        for (var round = 0; round < 5; round++)
        {
            foreach (var mount in EngineRecovery.MountsUnder(File.ReadAllText("/proc/self/mounts"), _dir))
            {
                _ = new LinuxSyscalls().Unmount(mount, detach: true);
            }
        }
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A leftover mount; the next run uses a new directory.
        }
    }

    private static EngineLaunch Noisy(string script, string logFile, OutputLogPolicy policy) =>
        new("noisy", "/bin/sh", ["-c", script], [], "/nonexistent.sock", logFile) { LogPolicy = policy };

    [Fact]
    public async Task Issue_12_unwritable_log_never_blocks_the_daemon_and_is_said_once_each_way()
    {
        // The log's directory is a regular file: the log cannot be opened. 8 MiB of output (far beyond the
        // 64 KiB pipe buffer) must still flow, or the daemon would block for good. The retry after a failed write
        // waits on the runner's clock: the file comes back, the clock passes the retry time, then the daemon writes.
        var blocker = Path.Join(_dir, "blocker");
        File.WriteAllText(blocker, "");
        var log = Path.Join(blocker, "daemon.log");
        var waiting = Path.Join(_dir, "waiting");
        var go = Path.Join(_dir, "go");
        var notices = new ConcurrentQueue<string>();
        var clock = new FakeClock();
        var script = $"head -c 8388608 /dev/zero; touch {waiting}; while [ ! -e {go} ]; do sleep 0.05; done; echo written-after; head -c 100 /dev/zero";
        var policy = new OutputLogPolicy(64L << 20, TimeSpan.FromSeconds(30));
        using var handle = new ProcessEngineRunner { Time = clock }.Start(Noisy(script, log, policy), notices.Enqueue);
        await WaitForAsync(() => File.Exists(waiting), "the daemon past its 8 MiB");
        File.Delete(blocker);
        clock.Advance(policy.RetryAfter);
        File.WriteAllText(go, "");
        var finished = await Task.WhenAny(handle.Exited, Task.Delay(TimeSpan.FromSeconds(30)));
        Assert.Same(handle.Exited, finished);
        Assert.Equal(0, await handle.Exited);
        await WaitForAsync(() => notices.Count >= 2, "the resume notice");
        var all = notices.ToList();
        Assert.Single(all, n => n.StartsWith($"Cannot write '{log}' (", StringComparison.Ordinal) && n.EndsWith("dropping daemon output until it can be written again", StringComparison.Ordinal));
        var resumed = Assert.Single(all, n => n.StartsWith($"Writing '{log}' again; ", StringComparison.Ordinal));
        Assert.Contains("8388608 bytes", resumed, StringComparison.Ordinal);
        Assert.Contains("written-after", File.ReadAllText(log), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Full_log_device_drops_output_and_the_daemon_runs_to_its_end()
    {
        var log = Path.Join(_dir, "full.log");
        File.CreateSymbolicLink(log, "/dev/full");
        var notices = new ConcurrentQueue<string>();
        using var handle = new ProcessEngineRunner().Start(Noisy("head -c 4194304 /dev/zero; echo end", log, OutputLogPolicy.Default), notices.Enqueue);
        Assert.Same(handle.Exited, await Task.WhenAny(handle.Exited, Task.Delay(TimeSpan.FromSeconds(30))));
        Assert.Equal(0, await handle.Exited);
        Assert.Contains(notices, n => n.StartsWith($"Cannot write '{log}' (", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Log_is_rotated_at_its_cap_keeping_one_old_copy()
    {
        var log = Path.Join(_dir, "rotate.log");
        const int cap = 1 << 20;
        using var handle = new ProcessEngineRunner().Start(
            Noisy("i=0; while [ $i -lt 48 ]; do head -c 65536 /dev/zero | tr '\\0' x; i=$((i+1)); done", log, new OutputLogPolicy(cap, TimeSpan.FromSeconds(1))), _ => { });
        Assert.Equal(0, await handle.Exited.WaitAsync(TimeSpan.FromSeconds(30)));
        await WaitForAsync(() => new FileInfo(log).Length + new FileInfo(log + ".1").Length >= 65536, "output in the log");
        handle.Dispose();
        Assert.True(new FileInfo(log).Length <= cap, $"log is {new FileInfo(log).Length} bytes");
        Assert.True(new FileInfo(log + ".1").Length is > 0 and <= cap, $"old copy is {new FileInfo(log + ".1").Length} bytes");
        Assert.False(File.Exists(log + ".2"));
    }

    private SystemEngine Engine(EngineLaunch launch, Channel<SystemEvent> events, DataRoot? dataRoot = null)
    {
        var engine = new SystemEngine(launch, new ProcessEngineRunner(), Log(), TimeProvider.System, events.Writer)
        {
            ReadyDeadline = TimeSpan.FromSeconds(60),
            DataRoot = dataRoot,
        };
        _engines.Add(engine);
        return engine;
    }

    private BootLogger Log() => new(() => Environment.TickCount64, _ring);

    /// <summary>Records mounts instead of changing the host; refuses power and kill as an unprivileged caller would.</summary>
    private static FakeSyscalls Refusing() => new() { RebootResult = new(1, "EPERM"), KillResult = new(1, "EPERM") };

    [RequiresDockerFact]
    public async Task Issue_12_killed_containerd_and_dockerd_are_restarted_and_live_restore_keeps_the_container()
    {
        Assert.True(Prerequisites.MissingDocker() == null, $"dockerd prerequisites missing under CI: {Prerequisites.MissingDocker()}");
        var run = Path.Join(_dir, "sd");
        Directory.CreateDirectory(run);
        // The production plan (own containerd, --live-restore) over temp paths.
        var plan = SystemEnginePlan.For(new Dictionary<string, object?>
        {
            ["host"] = new List<object?> { $"unix://{run}/sd.sock" },
            ["data_root"] = $"{run}/data",
            ["exec_root"] = $"{run}/exec",
            ["pid_file"] = $"{run}/sd.pid",
            ["iptables"] = false,
            ["ip_masq"] = false,
        }, rootIsRamdisk: false, debug: false, Prerequisites.Which("dockerd")!, Prerequisites.Which("containerd") ?? "containerd");
        var launch = plan with { LogFile = $"{run}/sd.log", Containerd = plan.Containerd! with { LogFile = $"{run}/sd.log" } };
        Assert.Contains("--live-restore", launch.Arguments);
        var events = Channel.CreateUnbounded<SystemEvent>();
        var engine = Engine(launch, events);
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        await engine.StartOrRepairAsync(atBoot: true, cts.Token);
        var image = "initos-test/busybox:sup";
        await DockerdFixture.ImportBusyboxAsync(_dir, $"{run}/sd.sock", image);
        var id = (await DockerdFixture.RunAsync(Prerequisites.Which("docker")!, ["-H", $"unix://{run}/sd.sock", "run", "-d", "--network", "none", image, "sleep", "600"])).Trim();
        using var client = new DockerEngine($"unix://{run}/sd.sock");

        // containerd dies: reported under its own name, the engine restarted, the container still runs.
        var containerd = engine.ContainerdPid;
        Assert.True(containerd > 0);
        Assert.True(new LinuxSyscalls().Kill(containerd, 9).IsOk);
        var ev = await events.Reader.ReadAsync(cts.Token);
        Assert.Equal(SystemEventKind.EngineExited, ev.Kind);
        Assert.Equal("system-containerd", ev.Name);
        Assert.True(await engine.RestartAsync(ev.ExitCode ?? -1, cts.Token, ev.Name));
        Assert.NotEqual(containerd, engine.ContainerdPid);
        Assert.True((await client.InspectAsync(id, cts.Token))!.IsRunning);

        // dockerd dies: restarted over the same data root; live-restore keeps the same container running.
        var dockerd = engine.Pid;
        Assert.True(new LinuxSyscalls().Kill(dockerd, 9).IsOk);
        ev = await events.Reader.ReadAsync(cts.Token);
        Assert.Equal("system-docker", ev.Name);
        Assert.True(await engine.RestartAsync(ev.ExitCode ?? -1, cts.Token, ev.Name));
        Assert.NotEqual(dockerd, engine.Pid);
        var after = (await client.InspectAsync(id, cts.Token))!;
        Assert.True(after.IsRunning, $"container state after the restart: {after.State}");
        Assert.Contains(_ring.Snapshot(), r => r.Text.StartsWith("system-containerd exited with status 137", StringComparison.Ordinal));
        await DockerdFixture.RunAsync(Prerequisites.Which("docker")!, ["-H", $"unix://{run}/sd.sock", "rm", "-f", id]);
    }

    [RequiresDockerFact]
    public async Task Issue_12_engine_failing_over_its_data_root_gets_a_fresh_one_and_the_old_is_kept_aside()
    {
        Assert.True(Prerequisites.MissingDocker() == null, $"dockerd prerequisites missing under CI: {Prerequisites.MissingDocker()}");
        var data = Path.Join(_dir, "data");
        Directory.CreateDirectory(Path.Join(data, ".aside-20200101T000000Z"));
        File.WriteAllText(Path.Join(data, "image"), "not a directory");  // dockerd: "mkdir .../image: not a directory"
        var user = Path.Join(_dir, "user-docker");
        Directory.CreateDirectory(user);
        File.WriteAllText(Path.Join(user, "keep"), "user data");
        var launch = new EngineLaunch("repair-dockerd", Prerequisites.Which("dockerd")!,
        [
            "--host", $"unix://{_dir}/r.sock", "--data-root", data, "--exec-root", $"{_dir}/rexec",
            "--pidfile", $"{_dir}/r.pid", "--bridge", "none", "--iptables=false", "--ip-masq=false",
        ], [], $"{_dir}/r.sock", $"{_dir}/r.log") { DataRoot = data };
        var ports = new InitPorts(Refusing(), new ProcFs(), new RootedFileStore("/"), new SysfsBlockDevices(), new ProgramRunner(),
            new ProcessEngineRunner(), e => new DockerEngine(e), new PosixSignalSource(), new ConsoleLog(new MemoryStream()), () => null);
        var dataRoot = new DataRoot(data, DataRootStage.AsFound, ports, Log(), TimeProvider.System);
        var engine = Engine(launch, Channel.CreateUnbounded<SystemEvent>(), dataRoot);
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(3));

        await engine.StartOrRepairAsync(atBoot: true, cts.Token);

        Assert.True(await new ProcessEngineRunner().PingAsync(launch.Socket, TimeSpan.FromSeconds(2), cts.Token));
        Assert.Equal(DataRootStage.Fresh, dataRoot.Stage);
        Assert.Equal(1, dataRoot.Generation);
        var texts = _ring.Snapshot().Select(r => r.Text).ToList();
        Assert.Equal(3, texts.Count(t => t.StartsWith("Failed to start repair-dockerd (", StringComparison.Ordinal)));
        var moved = Assert.Single(texts, t => t.StartsWith($"Moved the system engine's data root aside to '{data}/.aside-", StringComparison.Ordinal));
        var aside = Directory.GetDirectories(data, ".aside-*").Select(Path.GetFileName).Where(n => n != ".aside-20200101T000000Z").Single()!;
        Assert.Contains(aside, moved, StringComparison.Ordinal);
        Assert.Equal("not a directory", File.ReadAllText(Path.Join(data, aside, "image")));
        Assert.True(Directory.Exists(Path.Join(data, "image")));
        dataRoot.DeleteOldAsides();
        Assert.False(Directory.Exists(Path.Join(data, ".aside-20200101T000000Z")));
        Assert.True(Directory.Exists(Path.Join(data, aside)));
        Assert.Equal("user data", File.ReadAllText(Path.Join(user, "keep")));
    }

    [RequiresDockerFact]
    public async Task Issue_12_images_that_do_not_fit_on_the_disk_are_loaded_into_a_data_root_in_memory()
    {
        Assert.True(Prerequisites.MissingDocker() == null, $"dockerd prerequisites missing under CI: {Prerequisites.MissingDocker()}");
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        // An image of 12 MiB, saved to an archive by an engine with room to spare.
        var big = Path.Join(_dir, "big");
        var rootfs = Path.Join(_dir, "bigroot");
        Directory.CreateDirectory(rootfs);
        var blob = new byte[12 << 20];
        Random.Shared.NextBytes(blob);
        await File.WriteAllBytesAsync(Path.Join(rootfs, "blob"), blob, cts.Token);
        var builder = Engine(PlainLaunch("builder", big), Channel.CreateUnbounded<SystemEvent>());
        await builder.StartOrRepairAsync(atBoot: true, cts.Token);
        await DockerdFixture.RunAsync("tar", ["-C", rootfs, "-cf", Path.Join(_dir, "big-rootfs.tar"), "."]);
        await DockerdFixture.RunAsync(Prerequisites.Which("docker")!, ["-H", $"unix://{big}/d.sock", "import", Path.Join(_dir, "big-rootfs.tar"), "initos-test/big:1"]);
        var archive = Path.Join(_dir, "images.tar");
        await DockerdFixture.RunAsync(Prerequisites.Which("docker")!, ["-H", $"unix://{big}/d.sock", "save", "-o", archive, "initos-test/big:1"]);
        await builder.StopAsync(TimeSpan.FromSeconds(20));

        // The "state disk": a 6 MiB tmpfs under the data root. The load fails for lack of space.
        var small = Path.Join(_dir, "small");
        var data = Path.Join(small, "data");
        Directory.CreateDirectory(data);
        var sys = new LinuxSyscalls();
        Assert.True(sys.Mount("tmpfs", data, "tmpfs", MountFlags.None, "size=6m,mode=0711").IsOk);
        var ports = new InitPorts(sys, new ProcFs(), new RootedFileStore("/"), new SysfsBlockDevices(), new ProgramRunner(),
            new ProcessEngineRunner(), e => new DockerEngine(e), new PosixSignalSource(), new ConsoleLog(new MemoryStream()), () => null);
        var dataRoot = new DataRoot(data, DataRootStage.AsFound, ports, Log(), TimeProvider.System);
        var engine = Engine(PlainLaunch("small", small, data), Channel.CreateUnbounded<SystemEvent>(), dataRoot);
        await engine.StartOrRepairAsync(atBoot: true, cts.Token);
        using var client = new DockerEngine($"unix://{small}/d.sock");
        var failure = await Assert.ThrowsAnyAsync<Exception>(() => client.LoadImagesAsync(archive, cts.Token));
        Assert.True(EngineRecovery.IsDiskFailure(failure.Message), $"not recognised as a disk failure: {failure.Message}");

        await engine.MoveToMemoryAsync($"the system images could not be loaded ({failure.Message})", cts.Token);
        File.WriteAllLines(Path.Join("/tmp", "initos-sup-enospc.log"), _ring.Snapshot().Select(BootLogFormat.Ring));
        await client.LoadImagesAsync(archive, cts.Token);

        Assert.True(await client.ImageExistsAsync("initos-test/big:1", cts.Token));
        Assert.Equal(DataRootStage.Memory, dataRoot.Stage);
        Assert.Equal([data], dataRoot.Mounts);
        Assert.Contains(_ring.Snapshot(), r => r.Level == SyslogLevel.Critical && r.Text.StartsWith("SYSTEM ENGINE RUNS FROM MEMORY: the system images could not be loaded (", StringComparison.Ordinal));
        Assert.Equal(2, File.ReadAllLines("/proc/self/mounts").Count(l => l.Split(' ')[1] == data));
    }

    private static EngineLaunch PlainLaunch(string name, string dir, string? dataRoot = null) => new(name, Prerequisites.Which("dockerd")!,
    [
        "--host", $"unix://{dir}/d.sock", "--data-root", dataRoot ?? Path.Join(dir, "data"), "--exec-root", Path.Join(dir, "exec"),
        "--pidfile", Path.Join(dir, "d.pid"), "--bridge", "none", "--iptables=false", "--ip-masq=false",
    ], [], $"{dir}/d.sock", Path.Join(dir, "d.log")) { DataRoot = dataRoot ?? Path.Join(dir, "data") };

    private static async Task WaitForAsync(Func<bool> condition, string what)
    {
        Assert.True(await Eventually.HoldsAsync(condition, TimeSpan.FromSeconds(30)), $"no {what} within 30 s");
    }
}
