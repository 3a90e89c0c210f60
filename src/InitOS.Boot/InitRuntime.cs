using System.Globalization;
using System.Threading.Channels;
using InitOS.Boot.Engine;
using InitOS.Boot.Logging;
using InitOS.Boot.Services;
using InitOS.Boot.State;
using InitOS.Boot.Steps;
using InitOS.Core.Boot;
using InitOS.Core.Config;
using InitOS.Core.Network;
using InitOS.Core.Ports;
using InitOS.Core.Services;

namespace InitOS.Boot;

/// <summary>
/// PID 1: runs the boot phases as data through the <see cref="BootSequencer"/>, then supervises —
/// signals become an orderly shutdown, a dead system engine is restarted and its services brought back.
/// </summary>
public sealed partial class InitRuntime
{
    private readonly InitPorts _ports;
    private readonly BootLogger _log;
    private readonly InitOptions _options;
    private readonly TimeProvider _time;
    private readonly Channel<SystemEvent> _events = Channel.CreateUnbounded<SystemEvent>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Shutdown _shutdown;
    private readonly BootContext _boot;
    private readonly CancellationTokenSource _restarts = new();
    private LoadedConfig? _config;
    private BootSettings _settings = new();
    private StatePartition? _statePartition;
    private SystemEngine? _engine;
    private DataRoot? _dataRoot;
    private int _imagesGeneration;
    private int _trackedMounts;
    private IContainerEngine? _systemClient;
    private ServiceOrchestrator? _orchestrator;
    private IReadOnlyList<ServiceDefinition> _services = [];
    private CancellationTokenSource? _serviceWatch;
    private readonly List<SystemEvent> _deferredEvents = [];
    private PowerAction? _bootShutdown;
    private LoadKernelModules? _modules;

    /// <summary>How long a shutdown requested during the boot waits for the boot's steps to stop.</summary>
    public TimeSpan BootUnwind { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Creates the runtime.</summary>
    public InitRuntime(InitPorts ports, BootLogger log, InitOptions options, TimeProvider time)
    {
        _ports = ports;
        _log = log;
        _options = options;
        _time = time;
        _shutdown = new Shutdown(ports, log, options) { Time = time };
        _boot = new BootContext(ports, log, options, _shutdown);
        Crash = new CrashPolicy(ports, log, _events.Reader) { Time = time };
    }

    /// <summary>The crash policy bound to this runtime's event channel.</summary>
    public CrashPolicy Crash { get; }

    /// <summary>The supervisor channel (tests and the power commands' in-process path post here).</summary>
    public ChannelWriter<SystemEvent> Events => _events.Writer;

    /// <summary>Boots, then supervises until a shutdown completes (which, as PID 1, does not return).</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        _log.Notice($"InitOS {_options.Version} starting as PID {Environment.ProcessId}{(_options.ContainerMode ? " (container mode)" : "")}");
        _log.Write(SyslogLevel.Notice, StepLine.Mark("init-start", _log.Now));
        _ports.Events.Start(_events.Writer);
        // Power signals are honoured from the first second: while the boot runs, one watcher reads the events,
        // and a SIGTERM/SIGPWR/SIGINT/ctrl-alt-del or a power command stops the boot and shuts down. Engine
        // events wait for the supervisor (the boot's own steps start and judge the engine).
        using var boot = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var watching = new CancellationTokenSource();
        var bootTask = BootAsync(boot.Token);
        var watcher = WatchDuringBootAsync(boot, bootTask, watching.Token);
        var recovery = false;
        try
        {
            recovery = await bootTask.ConfigureAwait(false);
        }
        catch (Exception e) when (_bootShutdown is not null && !cancellationToken.IsCancellationRequested)
        {
            // the watcher runs the shutdown (as PID 1 it ends in reboot(2)); a step that failed while being
            // stopped is not a reason for the recovery console
            if (e is not OperationCanceledException)
            {
                _log.Info($"The boot stopped for the shutdown: {e.Message}");
            }
        }
        finally
        {
            if (_bootShutdown is null)
            {
                await watching.CancelAsync().ConfigureAwait(false);
            }
            await watcher.ConfigureAwait(false);
        }
        if (_bootShutdown is not null)
        {
            _ports.Events.Dispose();
            return;
        }
        if (recovery)
        {
            Crash.Handle("recovery console requested (rancher.recovery=true)");
        }
        foreach (var ev in _deferredEvents)
        {
            _events.Writer.TryWrite(ev);
        }
        _log.Write(SyslogLevel.Notice, StepLine.Mark("boot-done", _log.Now));
        _phase = "running";
        SaveLastGood();
        _log.Notice($"InitOS {_options.Version} started in {_log.Now} ms of uptime (PID 1 RSS {_ports.Kernel.SelfRssKiB() / 1024} MiB)");
        StartTestGuest();
        StartTrialWatch(cancellationToken);
        try
        {
            await SuperviseAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            // Only reached in container mode (as PID 1 the shutdown ends in reboot(2)).
            _ports.Events.Dispose();
        }
    }

    /// <summary>
    /// The three phases of <see cref="BootPlan"/>; true when the recovery console was asked for (after the early phase).
    /// Each phase's plan is made when it starts: the kind of <c>mount-state</c> comes from the settings of the early phase.
    /// </summary>
    private async Task<bool> BootAsync(CancellationToken cancellationToken)
    {
        var sequencer = new BootSequencer(_log);
        await sequencer.RunAsync(Plan().Phase(BootPlan.EarlyPhase), StepActions(BootPlan.EarlyPhase), cancellationToken).ConfigureAwait(false);
        if (_settings.Recovery.Value)
        {
            return true;
        }
        await sequencer.RunAsync(Plan().Phase(BootPlan.StatePhase), StepActions(BootPlan.StatePhase), cancellationToken).ConfigureAwait(false);
        await sequencer.RunAsync(Plan().Phase(BootPlan.SystemPhase), StepActions(BootPlan.SystemPhase), cancellationToken).ConfigureAwait(false);
        return false;
    }

    /// <summary>The boot plan for this host and the settings read so far.</summary>
    private BootPlan Plan() => BootPlan.Create(_options.ContainerMode, _settings.State.Value.Required);

    /// <summary>
    /// The action of every step of <paramref name="phase"/>, by the step's name in <see cref="BootPlan"/> (which says
    /// its kind, its progress text and what it needs). The names are checked against the plan by a unit test and by
    /// <see cref="BootSequencer"/> before the phase runs.
    /// </summary>
    internal IReadOnlyDictionary<string, Func<CancellationToken, Task<StepResult>>> StepActions(string phase) => phase switch
    {
        BootPlan.EarlyPhase => EarlyActions(),
        BootPlan.StatePhase => StateActions(),
        BootPlan.SystemPhase => SystemActions(),
        _ => throw new ArgumentException($"no boot phase '{phase}'", nameof(phase)),
    };

    /// <summary>
    /// The event reader while the boot runs: a power request cancels the boot, waits for it to unwind (at most
    /// <see cref="BootUnwind"/>) and runs the shutdown; engine events are kept for the supervisor; other signals
    /// are ignored. Ends when <paramref name="stop"/> is cancelled (the boot finished) or after the shutdown.
    /// </summary>
    private async Task WatchDuringBootAsync(CancellationTokenSource boot, Task bootTask, CancellationToken stop)
    {
        try
        {
            while (await _events.Reader.WaitToReadAsync(stop).ConfigureAwait(false))
            {
                while (_events.Reader.TryRead(out var ev))
                {
                    var action = ev.Kind switch
                    {
                        SystemEventKind.Signal when ev.Signal is { } signal => SignalPolicy.ActionFor(signal),
                        SystemEventKind.ShutdownRequested => ev.Action,
                        _ => null,
                    };
                    if (action is not { } requested)
                    {
                        if (ev.Kind == SystemEventKind.Signal)
                        {
                            _log.Info($"Received signal {(int?)ev.Signal} during the boot, ignoring");
                        }
                        else
                        {
                            _deferredEvents.Add(ev);
                        }
                        continue;
                    }
                    _bootShutdown = requested;
                    _log.Notice(ev.Kind == SystemEventKind.Signal
                        ? $"Received signal {(int?)ev.Signal} during the boot: stopping the boot, shutting down to {requested}"
                        : $"Shutdown to {requested} requested during the boot: stopping the boot");
                    await boot.CancelAsync().ConfigureAwait(false);
                    await Task.WhenAny(bootTask, Task.Delay(BootUnwind, _time)).ConfigureAwait(false);
                    await _restarts.CancelAsync().ConfigureAwait(false);
                    _serviceWatch?.Cancel();
                    await ShutdownAsync(requested).ConfigureAwait(false);
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
    }

    private Dictionary<string, Func<CancellationToken, Task<StepResult>>> EarlyActions()
    {
        // start-system-engine awaits the engines' modules this step starts in the background
        _modules = new LoadKernelModules(_boot, () => _settings.Modules.Value);
        return new(StringComparer.Ordinal)
        {
            ["mount-early"] = new MountEarlyFilesystems(_boot).RunAsync,
            ["serve-control"] = ServeControlAsync,
            ["open-kmsg"] = new OpenKernelLog(_boot).RunAsync,
            ["read-cmdline"] = new ReadKernelCmdline(_boot).RunAsync,
            ["load-config"] = _ => Task.FromResult(LoadConfig()),
            ["load-modules"] = _modules.RunAsync,
            ["mount-system"] = new MountSystemImage(_boot, new StatePartition(_ports, _log, _time)).RunAsync,
        };
    }

    private Dictionary<string, Func<CancellationToken, Task<StepResult>>> StateActions()
    {
        _statePartition = new StatePartition(_ports, _log, _time);
        return new(StringComparer.Ordinal)
        {
            ["mount-state"] = new MountStatePartition(_boot, _statePartition, () => _settings.State.Value).RunAsync,
            ["mount-boot"] = MountBootAsync,
            ["bind-persistent"] = new BindPersistentDirectories(_boot, _statePartition, () => _settings.State.Value).RunAsync,
            ["cloud-init-save"] = CloudInitSaveAsync,
            ["reload-config"] = _ => Task.FromResult(LoadConfig()),
            ["cloud-init-bootcmd"] = CloudInitBootcmdAsync,
        };
    }

    private Dictionary<string, Func<CancellationToken, Task<StepResult>>> SystemActions() => new(StringComparer.Ordinal)
    {
        ["start-system-engine"] = async ct =>
        {
            if (_modules?.EngineModules is { } modules)
            {
                // started by load-modules, bounded by modprobe's own timeout; a failure was said there
                _ = await modules.ConfigureAwait(false);
            }
            var ramdisk = _ports.Kernel.RootFsType() is "rootfs" or "tmpfs" or "ramfs";
            var launch = SystemEnginePlan.For(_settings.SystemEngine.Value, ramdisk, _settings.Debug.Value, _options.DockerProgram, _options.ContainerdProgram);
            // rancher.network.*_proxy reach the system engine (its pulls) as they reach every service
            launch = launch with { Environment = EnvironmentOverlay.Under(launch.Environment, _settings.Proxy.Environment) };
            if (launch.LogFile != null)
            {
                launch = launch with
                {
                    LogFile = _ports.Files.Resolve(launch.LogFile),
                    Containerd = launch.Containerd is { LogFile: { } log } c ? c with { LogFile = _ports.Files.Resolve(log) } : launch.Containerd,
                };
            }
            // the prepared image store of the system squashfs, grafted in before the engine starts (no image loading)
            var store = _ports.GraftImages != null && _ports.Files.ListEntries(SystemImageStore.Path).Count > 0 ? _ports.Files.Resolve(SystemImageStore.Path) : null;
            _dataRoot = launch.DataRoot is { } root && !_options.ContainerMode ? new DataRoot(root, DataRootStage.AsFound, _ports, _log, _time) { ImageStore = store } : null;
            _engine = new SystemEngine(launch, _ports.Engines, _log, _time, _events.Writer) { DataRoot = _dataRoot };
            // Retries, then a fresh data root, then one in memory; only then the recovery console.
            await _engine.StartOrRepairAsync(atBoot: true, ct).ConfigureAwait(false);
            TrackDataRootMounts();
            _systemClient = _ports.ConnectEngine(launch.Endpoint);
            _log.Write(SyslogLevel.Notice, StepLine.Mark("system-engine-ready", _log.Now));
            return StepResult.Ok;
        },
        ["load-images"] = LoadImagesAsync,
        ["start-services"] = StartServicesAsync,
        ["cloud-init-execute"] = CloudInitExecuteAsync,
    };

    /// <summary>
    /// Loads the merged configuration (falling back to the last good one for services and state when it must) and
    /// reads it once into <see cref="BootSettings"/>: every later step reads <c>_settings</c>, none looks a key up.
    /// </summary>
    private StepResult LoadConfig()
    {
        var config = ConfigLoader.Load(_ports.Files);
        foreach (var d in config.Diagnostics)
        {
            _log.Warn($"Config: {Redact.Text(d.ToString())}");
        }
        if (FallBackToLastGood(config.Tree) is { } lastGood)
        {
            // the replaced keys now come from the last good file: a layer on top, so their source says so
            config = new LoadedConfig(config.Tree, [.. config.Layers, lastGood], config.Diagnostics, config.Metadata);
        }
        var settings = BootSettings.Read(config);
        foreach (var d in settings.Diagnostics)
        {
            _log.Warn($"Config: {Redact.Text(d.ToString())}");
        }
        _config = config;
        _settings = settings;
        _log.Debug = settings.Debug.Value;
        _shutdown.Timeout = settings.ShutdownTimeout.Value;
        return config.Diagnostics.Count + settings.Diagnostics.Count > 0 ? StepResult.Degraded : StepResult.Ok;
    }

    /// <summary>The version the system images are tagged with: VERSION_ID of os-release, else the binary's.</summary>
    private string ImageVersion() =>
        OsRelease.Field(_ports.Files.ReadText("/usr/share/ros/os-release"), "VERSION_ID") ?? _options.Version.TrimStart('v');

    private async Task<StepResult> LoadImagesAsync(CancellationToken cancellationToken)
    {
        var result = await LoadImagesOnceAsync(cancellationToken).ConfigureAwait(false);
        _dataRoot?.DeleteOldAsides();
        return result;
    }

    /// <summary>
    /// Loads the system images (once per version, or again when the data root was replaced); when the
    /// data root's disk cannot hold them (ENOSPC, EROFS, EIO) the engine moves to memory and they are loaded
    /// there, so the services and the console still come up.
    /// </summary>
    private async Task<StepResult> LoadImagesOnceAsync(CancellationToken cancellationToken)
    {
        var result = StepResult.Ok;
        var version = ImageVersion();
        var stamp = ImageStamps.SystemStamp(version);
        var generation = _dataRoot?.Generation ?? 0;
        // A replaced data root (fresh or in memory) holds no images, whatever the stamps on the state disk say.
        var replaced = generation != _imagesGeneration;
        if (_dataRoot?.ImageStore is { } store)
        {
            // grafted before the engine started: nothing to load (the preloads below are the operator's archives)
            _imagesGeneration = generation;
            _log.Info($"System images in place from '{store}'");
        }
        else if (ImageStamps.SystemImagesPlan(_ports.Files.ReadText(stamp) != null, replaced, InMemory).Load)
        {
            var archive = _ports.Files.Resolve(ImageStamps.SystemArchive);
            if (_ports.Files.SizeOf(ImageStamps.SystemArchive) is not null)
            {
                try
                {
                    await _systemClient!.LoadImagesAsync(archive, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception e) when (e is not OperationCanceledException && EngineRecovery.IsDiskFailure(e.Message)
                    && _engine!.DataRoot is { Stage: not DataRootStage.Memory })
                {
                    await _engine.MoveToMemoryAsync($"the system images could not be loaded on the state disk ({e.Message})", cancellationToken).ConfigureAwait(false);
                    TrackDataRootMounts();
                    await _systemClient!.LoadImagesAsync(archive, cancellationToken).ConfigureAwait(false);
                    result = StepResult.Degraded;
                }
                _imagesGeneration = _dataRoot?.Generation ?? 0;
                try
                {
                    // Images in a memory data root are gone at the next boot: no stamp on the disk says otherwise.
                    if (!ImageStamps.SystemImagesPlan(true, replaced, InMemory).Stamp)
                    {
                        _ports.Files.Delete(stamp);
                    }
                    else
                    {
                        _ports.Files.WriteAtomic(stamp, version + "\n", UnixFileMode.UserRead | UnixFileMode.UserWrite, (UnixFileMode)0x1ED);
                    }
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    // A full state disk: the images are loaded, they will simply be loaded again next boot.
                    _log.Warn($"Failed to write '{stamp}': {e.Message}, continuing");
                }
                _log.Info($"Loaded system images from '{ImageStamps.SystemArchive}'");
            }
            else
            {
                _log.Warn($"No system images archive at '{ImageStamps.SystemArchive}', continuing");
                result = StepResult.Degraded;
            }
        }
        var files = _ports.Files.ListFiles(ImageStamps.SystemPreloadDir);
        // After a replacement the preloads go in again too: their .done stamps speak of the old data root.
        var preloads = ImageStamps.PendingPreloads(replaced ? files.Where(f => !f.EndsWith(".done", StringComparison.Ordinal)).ToList() : files);
        foreach (var name in preloads)
        {
            var path = ImageStamps.SystemPreloadDir + "/" + name;
            try
            {
                await _systemClient!.LoadImagesAsync(_ports.Files.Resolve(path), cancellationToken).ConfigureAwait(false);
                if (!ImageStamps.SystemImagesPlan(true, replaced, InMemory).Stamp)
                {
                    _ports.Files.Delete(path + ".done");
                }
                else
                {
                    _ports.Files.WriteAtomic(path + ".done", "", UnixFileMode.UserRead | UnixFileMode.UserWrite, (UnixFileMode)0x1ED);
                }
                _log.Info($"Preloaded '{path}' into the system engine");
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                _log.Warn($"Failed to preload '{path}': {e.Message}, continuing");
                result = StepResult.Degraded;
            }
        }
        return result;
    }

    /// <summary>True when a repair put the system engine's data root in memory (this boot only).</summary>
    private bool InMemory => _dataRoot?.Stage == DataRootStage.Memory;

    /// <summary>Adds the tmpfs a repair put over the data root to the shutdown's unmounts (unmounted before the bind under it).</summary>
    private void TrackDataRootMounts()
    {
        // The tmpfs sits on the bind of the same path (already listed): each needs its own unmount, the
        // tmpfs first (the list is unmounted from its end).
        var mounts = _dataRoot?.Mounts ?? [];
        for (; _trackedMounts < mounts.Count; _trackedMounts++)
        {
            _shutdown.Unmounts.Add(mounts[_trackedMounts]);
        }
    }

    /// <summary>
    /// The services of <paramref name="settings"/>: <c>rancher.services</c> with the enabled <c>services_include</c>
    /// catalogue entries added, parsed, the user engine's command filled in and the proxy settings applied.
    /// Problems (a bad service, an include that cannot be read) are returned, one line each.
    /// </summary>
    private (List<ServiceDefinition> Services, List<string> Problems) BuildServices(BootSettings settings)
    {
        var inputs = settings.Services;
        var (map, included) = ServiceCatalogue.Resolve(inputs.Definitions.Value, inputs.Includes.Value, _ports.Files.ReadText);
        var problems = included.ToList();
        foreach (var (kind, chosen) in new[] { (Alternatives.Console, inputs.Console.Value), (Alternatives.Engine, inputs.Engine.Value) })
        {
            if (Alternatives.Apply(map, kind, chosen, _ports.Files.ReadText) is { } problem)
            {
                problems.Add(problem);
            }
        }
        var variables = new Dictionary<string, string>
        {
            ["VERSION"] = ImageVersion(),
            // RancherOS's catalogue names images ${REGISTRY_DOMAIN}/...: the registry the operator serves them from
            ["REGISTRY_DOMAIN"] = inputs.RegistryDomain.Value,
        };
        var (parsed, errors) = ServiceParser.ParseAll(map, variables);
        var proxy = settings.Proxy.Environment;
        var services = parsed.Select(s => UserEngineCommand(s, settings.UserEngine.Value))
            .Select(s => proxy.Count == 0 ? s : s with { Spec = s.Spec with { Environment = EnvironmentOverlay.Under(s.Spec.Environment, proxy) } })
            .ToList();
        return (services, [.. problems, .. errors.Select(e => $"{e.Message}, skipping it")]);
    }

    /// <summary>The credentials of <c>rancher.registry_auths</c> for an image's registry.</summary>
    private RegistryCredentials? CredentialsFor(string image) =>
        RegistryAuths.For(image, _settings.RegistryAuths.Value);

    private async Task<StepResult> StartServicesAsync(CancellationToken cancellationToken)
    {
        var (services, problems) = BuildServices(_settings);
        foreach (var problem in problems)
        {
            _log.Warn(problem);
        }
        _services = services;
        var userEndpoint = "unix:///var/run/docker.sock";
        IContainerEngine? userClient = null;
        Func<CancellationToken, Task<IContainerEngine>> userEngine = async ct =>
        {
            userClient ??= _ports.ConnectEngine(userEndpoint);
            var deadline = _time.GetUtcNow() + TimeSpan.FromMinutes(2);
            while (!await userClient.PingAsync(ct).ConfigureAwait(false))
            {
                if (_time.GetUtcNow() >= deadline)
                {
                    throw new EngineStartException("user-docker", $"no answer on '{userEndpoint}' within 120 s");
                }
                await Task.Delay(TimeSpan.FromMilliseconds(200), _time, ct).ConfigureAwait(false);
            }
            return userClient;
        };
        _userEngine = userEngine;
        if (services.Any(s => s.Name == "docker") && !_userEngineMarked)
        {
            _userEngineMarked = true;
            _ = Background.Run("mark-user-engine-ready", _log, () => MarkUserEngineReadyAsync(userEndpoint, cancellationToken));
        }
        _orchestrator = new ServiceOrchestrator(_systemClient!, userEngine, _log) { Credentials = CredentialsFor, Time = _time };
        var outcomes = await _orchestrator.UpAsync(services, cancellationToken).ConfigureAwait(false);
        WatchServices(services);
        _log.Write(SyslogLevel.Notice, StepLine.Mark("services-up", _log.Now));
        var userPreloads = ImageStamps.PendingPreloads(_ports.Files.ListFiles(ImageStamps.UserPreloadDir));
        if (userPreloads.Count > 0)
        {
            _ = Background.Run("preload-user-images", _log, () => PreloadUserImagesAsync(userPreloads, cancellationToken));
        }
        var failed = outcomes.Where(o => o.Value is ServiceOutcome.Failed or ServiceOutcome.Skipped).Select(o => o.Key).ToList();
        _log.Info(string.Create(CultureInfo.InvariantCulture, $"Services: {outcomes.Count} defined, {failed.Count} not up{(failed.Count > 0 ? ": " + string.Join(", ", failed) : "")}"));
        return failed.Count == 0 && problems.Count == 0 ? StepResult.Ok : StepResult.Degraded;
    }

    private bool _userEngineMarked;

    /// <summary>
    /// Writes the <c>user-engine-ready</c> milestone the moment the user engine first answers (polled every 100 ms
    /// from the start of the services, for at most 10 minutes): the end of the boot as a user sees it.
    /// </summary>
    private async Task MarkUserEngineReadyAsync(string endpoint, CancellationToken cancellationToken)
    {
        var client = _ports.ConnectEngine(endpoint);
        var deadline = _time.GetUtcNow() + TimeSpan.FromMinutes(10);
        while (_time.GetUtcNow() < deadline)
        {
            if (await client.PingAsync(cancellationToken).ConfigureAwait(false))
            {
                _log.Write(SyslogLevel.Notice, StepLine.Mark("user-engine-ready", _log.Now));
                return;
            }
            await Task.Delay(TimeSpan.FromMilliseconds(100), _time, cancellationToken).ConfigureAwait(false);
        }
        _log.Warn("The user engine did not answer within 10 minutes of the services' start");
    }

    /// <summary>
    /// Watches the services' later fate (crash loops, exits): one watch at a time, replaced when the services
    /// are brought up again (after an engine restart, a reload or a <c>ros service up</c>).
    /// </summary>
    private void WatchServices(IReadOnlyList<ServiceDefinition> services)
    {
        var watch = new CancellationTokenSource();
        Interlocked.Exchange(ref _serviceWatch, watch)?.Cancel();
        var watcher = new ServiceWatch(_systemClient!, _userEngine!, _log, _time);
        _ = Background.Run("watch-services", _log, () => watcher.RunAsync(services, watch.Token));
    }

    /// <summary>
    /// Loads the tarballs of <see cref="ImageStamps.UserPreloadDir"/> into the user engine once it answers
    /// (RancherOS's preload-user-images), each stamped <c>.done</c> so it loads once.
    /// </summary>
    private async Task PreloadUserImagesAsync(IReadOnlyList<string> names, CancellationToken cancellationToken)
    {
        var user = _ports.ConnectEngine("unix:///var/run/docker.sock");
        var deadline = _time.GetUtcNow() + TimeSpan.FromMinutes(5);
        while (!await user.PingAsync(cancellationToken).ConfigureAwait(false))
        {
            if (_time.GetUtcNow() >= deadline)
            {
                _log.Warn($"User engine not answering after 5 minutes, not preloading {names.Count} image archives");
                return;
            }
            await Task.Delay(TimeSpan.FromMilliseconds(250), _time, cancellationToken).ConfigureAwait(false);
        }
        foreach (var name in names)
        {
            var path = ImageStamps.UserPreloadDir + "/" + name;
            try
            {
                await user.LoadImagesAsync(_ports.Files.Resolve(path), cancellationToken).ConfigureAwait(false);
                _ports.Files.WriteAtomic(path + ".done", "", UnixFileMode.UserRead | UnixFileMode.UserWrite, (UnixFileMode)0x1ED);
                _log.Info($"Preloaded '{path}' into the user engine");
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                _log.Warn($"Failed to preload '{path}' into the user engine: {e.Message}, continuing");
            }
        }
        _log.Write(SyslogLevel.Notice, StepLine.Mark("user-images-preloaded", _log.Now));
    }

    /// <summary>The test hook injected by the boot-test rig.</summary>
    public const string TestGuest = "/initos-test/guest.sh";

    /// <summary>
    /// Test mode (<c>rancher.test=true</c>, an InitOS extension): once booted, run the rig's
    /// <see cref="TestGuest"/> on the console; it checks the running system and prints the verdict.
    /// </summary>
    private void StartTestGuest()
    {
        if (!_settings.Test.Value || _ports.Files.ReadText(TestGuest) == null)
        {
            return;
        }
        _log.Notice($"Test mode: running '{TestGuest}'");
        _ = Background.Run("test-guest", _log, () =>
        {
            var code = _ports.Programs.RunOnConsole("/bin/sh", [_ports.Files.Resolve(TestGuest)], new Dictionary<string, string>
            {
                ["PATH"] = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
                ["INITOS_VERSION"] = ImageVersion(),
            });
            _log.Notice($"Test guest exited with status {code}");
            return Task.CompletedTask;
        });
    }

    /// <summary>The <c>docker</c> service without a command runs dockerd with the flags of <c>rancher.docker</c> (§5.4);
    /// with <c>rancher.docker.tls</c> through the <c>docker-init</c> personality, which sets up the certificates first
    /// (<see cref="InitOS.Core.Tls.UserEngineArgv"/>).</summary>
    private static ServiceDefinition UserEngineCommand(ServiceDefinition service, IReadOnlyDictionary<string, object?> engine)
    {
        if (service.Name != "docker" || service.Spec.Command != null)
        {
            return service;
        }
        return service with { Spec = service.Spec with { Command = [.. InitOS.Core.Tls.UserEngineArgv.For(engine)] } };
    }

    private async Task SuperviseAsync(CancellationToken cancellationToken)
    {
        await foreach (var ev in _events.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            switch (ev.Kind)
            {
                case SystemEventKind.Signal when ev.Signal is { } signal:
                    if (SignalPolicy.ActionFor(signal) is { } action)
                    {
                        _log.Notice($"Received signal {(int)signal}, shutting down to {action}");
                        await _restarts.CancelAsync().ConfigureAwait(false);
                        _serviceWatch?.Cancel();
                        await ShutdownAsync(action).ConfigureAwait(false);
                        if (_options.ContainerMode)
                        {
                            return;
                        }
                    }
                    else
                    {
                        _log.Info($"Received signal {(int)signal}, ignoring");
                    }
                    break;
                case SystemEventKind.ShutdownRequested when ev.Action is { } requested:
                    await _restarts.CancelAsync().ConfigureAwait(false);
                    _serviceWatch?.Cancel();
                    await ShutdownAsync(requested).ConfigureAwait(false);
                    if (_options.ContainerMode)
                    {
                        return;
                    }
                    break;
                case SystemEventKind.EngineExited when _engine != null:
                    var code = ev.ExitCode ?? -1;
                    var restartToken = _restarts.Token;
                    _ = Background.Run("restart-system-engine", _log, () => RestartEngineAsync(code, ev.Name, restartToken));
                    break;
            }
        }
    }

    /// <summary>
    /// After the engine or its containerd died: restart (with repair), reload the images when the data root
    /// was replaced, and bring the services back, retrying each failure with backoff (a bounded number of times).
    /// </summary>
    private async Task RestartEngineAsync(int code, string? name, CancellationToken cancellationToken)
    {
        if (!await _engine!.RestartAsync(code, cancellationToken, name).ConfigureAwait(false) || _engine.Stopped)
        {
            return;
        }
        TrackDataRootMounts();
        if (_orchestrator == null)
        {
            return;
        }
        for (var attempt = 1; !cancellationToken.IsCancellationRequested && !_engine.Stopped; attempt++)
        {
            try
            {
                if ((_dataRoot?.Generation ?? 0) != _imagesGeneration)
                {
                    _ = await LoadImagesAsync(cancellationToken).ConfigureAwait(false);
                }
                var outcomes = await _orchestrator.UpAsync(_services, cancellationToken).ConfigureAwait(false);
                _log.Notice($"System services back after engine restart: {outcomes.Count(o => o.Value is ServiceOutcome.Running or ServiceOutcome.Completed or ServiceOutcome.Created)} of {outcomes.Count}");
                return;
            }
            catch (Exception e) when (e is not OperationCanceledException && attempt < 10)
            {
                var delay = Backoff.Engine.Delay(attempt);
                _log.Error($"Failed to bring the system services back after the engine restart: {e.Message}, trying again in {delay.TotalMilliseconds:0} ms");
                await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
