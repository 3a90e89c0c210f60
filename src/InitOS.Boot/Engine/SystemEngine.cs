using System.Threading.Channels;
using InitOS.Boot.Logging;
using InitOS.Core.Boot;
using InitOS.Core.Ports;

namespace InitOS.Boot.Engine;

/// <summary>
/// The system dockerd: started by PID 1, ready when <c>/_ping</c> answers while the process is alive
/// (both checked, under a deadline); its exit and its containerd's reported on the supervisor channel;
/// restarted with backoff; repaired (<see cref="EngineRecovery"/>) when it keeps failing over its data root.
/// </summary>
public sealed class SystemEngine
{
    private readonly IEngineProcess _process;
    private readonly BootLogger _log;
    private readonly TimeProvider _time;
    private readonly ChannelWriter<SystemEvent> _events;
    private IEngineHandle? _handle;
    private IEngineHandle? _containerd;
    private DateTimeOffset _startedAt;
    private volatile bool _supervised;
    private volatile bool _stopped;
    private int _restarting;
    private int _attempt;
    private int _stageFailures;

    /// <summary>Creates the engine runtime for <paramref name="launch"/>.</summary>
    public SystemEngine(EngineLaunch launch, IEngineProcess process, BootLogger log, TimeProvider time, ChannelWriter<SystemEvent> events)
    {
        Launch = launch;
        _process = process;
        _log = log;
        _time = time;
        _events = events;
    }

    /// <summary>What is started.</summary>
    public EngineLaunch Launch { get; }

    /// <summary>The data root and its repair; null: no repair, only retries.</summary>
    public DataRoot? DataRoot { get; init; }

    /// <summary>How long readiness may take.</summary>
    public TimeSpan ReadyDeadline { get; init; } = TimeSpan.FromSeconds(120);

    /// <summary>How long a stop waits after SIGTERM before SIGKILL, and after SIGKILL before giving up waiting.</summary>
    public TimeSpan StopTimeout { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>The running daemon's pid, or 0.</summary>
    public int Pid => _handle is { IsAlive: true } h ? h.Pid : 0;

    /// <summary>The running containerd's pid (when PID 1 started one), or 0.</summary>
    public int ContainerdPid => _containerd is { IsAlive: true } h ? h.Pid : 0;

    /// <summary>True once <see cref="StopAsync"/> ran: no more restarts.</summary>
    public bool Stopped => _stopped;

    /// <summary>Starts the daemon and waits until it answers; throws <see cref="EngineStartException"/> otherwise.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        _supervised = false;
        // A daemon still running (its containerd died, or it hung) is stopped first: two on one data root
        // fight over its locks. With live-restore its containers keep running.
        await StopOneAsync(_handle, Launch.Name, StopTimeout).ConfigureAwait(false);
        // the daemon and its containerd are stopped: the system images go in place now (a no-op once they are)
        DataRoot?.GraftImages();
        var containerdStart = _time.GetUtcNow();
        if (Launch.Containerd is { } containerd)
        {
            // dockerd is started at once, not after containerd listens: it dials containerd's socket itself (up to
            // 60 s, polling every 10 ms while the socket does not exist), so its own start overlaps containerd's
            await StartContainerdAsync(containerd, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            foreach (var pidFile in Launch.StalePidFiles)
            {
                _process.KillStale(pidFile);
            }
        }
        var handle = StartDaemon();
        try
        {
            await WaitReadyAsync(handle, cancellationToken).ConfigureAwait(false);
        }
        catch (EngineStartException) when (Launch.Containerd is not null && handle.Exited.IsCompleted && _containerd is { IsAlive: true })
        {
            var c = Launch.Containerd;
            if (await _process.CanConnectAsync(c.Socket, TimeSpan.FromSeconds(2), cancellationToken).ConfigureAwait(false))
            {
                throw;
            }
            // dockerd gave up on a containerd that is still starting (a loaded host): wait for containerd within
            // the same bound as before, then start dockerd once more; this is not a failure of the data root
            _log.Warn($"{Launch.Name} exited before {c.Name} listened; starting it again once {c.Name} listens");
            await WaitContainerdAsync(c, containerdStart, cancellationToken).ConfigureAwait(false);
            handle = StartDaemon();
            await WaitReadyAsync(handle, cancellationToken).ConfigureAwait(false);
        }
        _supervised = !handle.Exited.IsCompleted;
    }

    private IEngineHandle StartDaemon()
    {
        var handle = _process.Start(Launch, Notice);
        _handle = handle;
        _startedAt = _time.GetUtcNow();
        _log.Info($"Started {Launch.Name} (pid {handle.Pid}): {Launch.Program} {string.Join(' ', Redact.Arguments(Launch.Arguments))}");
        Watch(handle, Launch.Name, () => _handle);
        return handle;
    }

    /// <summary>
    /// Starts the engine, and on failure retries with backoff and, <paramref name="atBoot"/>, repairs its data
    /// root per <see cref="EngineRecovery"/> (the last failure is thrown once memory was tried too); later it
    /// keeps retrying until <paramref name="cancellationToken"/> fires.
    /// </summary>
    public async Task StartOrRepairAsync(bool atBoot, CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                await StartAsync(cancellationToken).ConfigureAwait(false);
                _stageFailures = 0;
                return;
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                _stageFailures++;
                // Without a data root to repair, only retries remain (as at the last stage).
                var stage = DataRoot?.Stage ?? DataRootStage.Memory;
                var action = EngineRecovery.Next(_stageFailures, stage, atBoot);
                _log.Error($"Failed to start {Launch.Name} ({_stageFailures} in a row over its {stage} data root): {e.Message}");
                if (!atBoot && _stageFailures == EngineRecovery.FailuresPerStage && DataRoot != null)
                {
                    _log.Write(SyslogLevel.Critical, $"Not repairing the data root '{DataRoot.Path}' while the containers of {Launch.Name} may still run; it keeps trying, and a reboot repairs it");
                }
                await StopAllAsync().ConfigureAwait(false);
                if (action == EngineRecoveryAction.GiveUp)
                {
                    throw;
                }
                if (action is EngineRecoveryAction.MoveDataRootAside or EngineRecoveryAction.UseMemory)
                {
                    Repair(action);
                    continue;
                }
                var delay = Backoff.Engine.Delay(_stageFailures);
                _log.Warn($"Starting {Launch.Name} again in {delay.TotalMilliseconds:0} ms");
                await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Moves the data root aside, or to memory; a move that fails goes on to memory at once.</summary>
    private void Repair(EngineRecoveryAction action)
    {
        _stageFailures = 0;
        if (action == EngineRecoveryAction.MoveDataRootAside)
        {
            try
            {
                DataRoot!.MoveAside();
                return;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                _log.Error($"Failed to move the data root '{DataRoot!.Path}' aside: {e.Message}, using memory instead");
            }
        }
        // Repairs happen at boot only: a tmpfs that cannot be mounted fails the step (recovery console).
        DataRoot!.UseMemory($"{Launch.Name} cannot start over its data root on disk");
    }

    /// <summary>
    /// Stops the engine and its containerd, covers the data root with a tmpfs and starts again
    /// (the state disk cannot hold the system images); the caller loads the images again.
    /// </summary>
    public async Task MoveToMemoryAsync(string reason, CancellationToken cancellationToken)
    {
        if (DataRoot == null || DataRoot.Stage == DataRootStage.Memory)
        {
            throw new InvalidOperationException($"{Launch.Name} already runs from memory: {reason}");
        }
        _supervised = false;
        await StopAllAsync().ConfigureAwait(false);
        DataRoot.UseMemory(reason);
        await StartOrRepairAsync(atBoot: true, cancellationToken).ConfigureAwait(false);
    }

    private void Notice(string message) => _log.Warn($"{Launch.Name}: {message}");

    /// <summary>Reports the exit of <paramref name="handle"/> if it was up, supervised and still the current one.</summary>
    private void Watch(IEngineHandle handle, string name, Func<IEngineHandle?> current) =>
        _ = Background.Run($"watch-{name}", _log, async () =>
        {
            var code = await handle.Exited.ConfigureAwait(false);
            // Exits during a start or a restart are handled there.
            if (_supervised && !_stopped && ReferenceEquals(handle, current()))
            {
                _ = _events.TryWrite(new SystemEvent(SystemEventKind.EngineExited, ExitCode: code, Name: name));
            }
        });

    /// <summary>Starts containerd unless it still runs and listens (a hung one is killed first); does not wait for it.</summary>
    private async Task StartContainerdAsync(EngineLaunch containerd, CancellationToken cancellationToken)
    {
        if (_containerd is { IsAlive: true } && await _process.CanConnectAsync(containerd.Socket, TimeSpan.FromSeconds(2), cancellationToken).ConfigureAwait(false))
        {
            return;
        }
        await StopOneAsync(_containerd, containerd.Name, TimeSpan.Zero).ConfigureAwait(false);
        var handle = _process.Start(containerd, Notice);
        _containerd = handle;
        _log.Info($"Started {containerd.Name} (pid {handle.Pid})");
        Watch(handle, containerd.Name, () => _containerd);
    }

    /// <summary>Waits until containerd's socket accepts connections, at most <see cref="ReadyDeadline"/> from <paramref name="since"/>.</summary>
    private async Task WaitContainerdAsync(EngineLaunch containerd, DateTimeOffset since, CancellationToken cancellationToken)
    {
        var handle = _containerd!;
        var deadline = since + ReadyDeadline;
        while (!await _process.CanConnectAsync(containerd.Socket, TimeSpan.FromSeconds(2), cancellationToken).ConfigureAwait(false))
        {
            if (!handle.IsAlive)
            {
                var code = await handle.Exited.ConfigureAwait(false);
                throw new EngineStartException(containerd.Name, $"exited with status {code} before listening on '{containerd.Socket}'");
            }
            if (_time.GetUtcNow() >= deadline)
            {
                throw new EngineStartException(containerd.Name, $"not listening on '{containerd.Socket}' within {ReadyDeadline.TotalSeconds:0} s");
            }
            await Task.WhenAny(handle.Exited, Task.Delay(TimeSpan.FromMilliseconds(50), _time, cancellationToken)).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Waits for <c>/_ping</c> while checking that the process is alive, up to <see cref="ReadyDeadline"/>. With a
    /// containerd of its own started beside it, the daemon's bound runs from the moment containerd first listens (a
    /// containerd slow on a loaded host does not eat the daemon's time); until then the bound is containerd's, and
    /// missing it names containerd.
    /// </summary>
    private async Task WaitReadyAsync(IEngineHandle handle, CancellationToken cancellationToken)
    {
        var deadline = _time.GetUtcNow() + ReadyDeadline;
        var containerd = Launch.Containerd;
        var containerdListens = containerd is null;
        while (true)
        {
            if (!handle.IsAlive)
            {
                var code = await handle.Exited.ConfigureAwait(false);
                throw new EngineStartException(Launch.Name, $"exited with status {code} before answering on '{Launch.Socket}'");
            }
            if (containerd is not null && _containerd is { IsAlive: false } dead)
            {
                var code = await dead.Exited.ConfigureAwait(false);
                throw new EngineStartException(containerd.Name, $"exited with status {code} before {Launch.Name} answered");
            }
            if (await _process.PingAsync(Launch.Socket, TimeSpan.FromSeconds(2), cancellationToken).ConfigureAwait(false))
            {
                return;
            }
            if (!containerdListens && await _process.CanConnectAsync(containerd!.Socket, TimeSpan.FromSeconds(2), cancellationToken).ConfigureAwait(false))
            {
                containerdListens = true;
                deadline = _time.GetUtcNow() + ReadyDeadline;
            }
            if (_time.GetUtcNow() >= deadline)
            {
                throw containerdListens
                    ? new EngineStartException(Launch.Name, $"no answer on '{Launch.Socket}' within {ReadyDeadline.TotalSeconds:0} s")
                    : new EngineStartException(containerd!.Name, $"not listening on '{containerd.Socket}' within {ReadyDeadline.TotalSeconds:0} s");
            }
            // Ask again as soon as either the process ends or a short interval passes.
            await Task.WhenAny(handle.Exited, Task.Delay(TimeSpan.FromMilliseconds(50), _time, cancellationToken)).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
        }
    }

    /// <summary>
    /// Restarts after an unexpected exit of the daemon or its containerd (<paramref name="name"/>): waits the
    /// backoff delay (reset after a healthy run), then starts again, repairing the data root when it keeps
    /// failing; never throws but for cancellation. Returns true when the engine answers again.
    /// </summary>
    public async Task<bool> RestartAsync(int exitCode, CancellationToken cancellationToken, string? name = null)
    {
        if (Interlocked.Exchange(ref _restarting, 1) == 1)
        {
            return false;
        }
        try
        {
            var uptime = _time.GetUtcNow() - _startedAt;
            _attempt = Backoff.Engine.NextAttempt(_attempt, uptime);
            var delay = Backoff.Engine.Delay(_attempt);
            _log.Warn($"{name ?? Launch.Name} exited with status {exitCode} after {uptime.TotalSeconds:0.0} s, restarting {Launch.Name} in {delay.TotalMilliseconds:0} ms (attempt {_attempt})");
            await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(false);
            if (_stopped)
            {
                return false;
            }
            await StartOrRepairAsync(atBoot: false, cancellationToken).ConfigureAwait(false);
            _log.Progress(StepResult.Ok, $"Restarted {Launch.Name}");
            return !_stopped;
        }
        finally
        {
            Volatile.Write(ref _restarting, 0);
        }
    }

    /// <summary>Stops the daemon: SIGTERM, then SIGKILL after <paramref name="timeout"/>.</summary>
    public async Task StopAsync(TimeSpan timeout)
    {
        _stopped = true;
        _supervised = false;
        await StopOneAsync(_handle, Launch.Name, timeout).ConfigureAwait(false);
        await StopOneAsync(_containerd, Launch.Containerd?.Name ?? "containerd", timeout).ConfigureAwait(false);
    }

    private async Task StopAllAsync()
    {
        _supervised = false;
        await StopOneAsync(_handle, Launch.Name, StopTimeout).ConfigureAwait(false);
        await StopOneAsync(_containerd, Launch.Containerd?.Name ?? "containerd", StopTimeout).ConfigureAwait(false);
    }

    /// <summary>SIGTERM (skipped when <paramref name="timeout"/> is zero), SIGKILL after the timeout; every wait bounded.</summary>
    private async Task StopOneAsync(IEngineHandle? target, string name, TimeSpan timeout)
    {
        if (target is not { IsAlive: true } handle)
        {
            target?.Dispose();
            return;
        }
        if (timeout > TimeSpan.Zero)
        {
            handle.Signal(15);
        }
        if (timeout <= TimeSpan.Zero || await Task.WhenAny(handle.Exited, Task.Delay(timeout, _time)).ConfigureAwait(false) != handle.Exited)
        {
            if (timeout > TimeSpan.Zero)
            {
                _log.Warn($"{name} did not stop within {timeout.TotalSeconds:0} s, killing it");
            }
            handle.Signal(9);
            if (await Task.WhenAny(handle.Exited, Task.Delay(TimeSpan.FromSeconds(5), _time)).ConfigureAwait(false) != handle.Exited)
            {
                _log.Error($"{name} (pid {handle.Pid}) still runs 5 s after SIGKILL, leaving it");
            }
        }
        // Closes the log file PID 1 pumps the daemon's output into, so /var/log can be unmounted.
        handle.Dispose();
    }
}
