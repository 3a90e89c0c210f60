using System.Threading.Channels;
using InitOS.Boot.Logging;
using InitOS.Core.Boot;
using InitOS.Core.Ports;

namespace InitOS.Boot.Engine;

/// <summary>
/// The system dockerd: started by PID 1, ready when <c>/_ping</c> answers while the process is alive
/// (both checked, under a deadline), its exit reported on the supervisor channel, restarted with backoff.
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

    /// <summary>How long readiness may take.</summary>
    public TimeSpan ReadyDeadline { get; init; } = TimeSpan.FromSeconds(120);

    /// <summary>The running daemon's pid, or 0.</summary>
    public int Pid => _handle is { IsAlive: true } h ? h.Pid : 0;

    /// <summary>True once <see cref="StopAsync"/> ran: no more restarts.</summary>
    public bool Stopped => _stopped;

    /// <summary>Starts the daemon and waits until it answers; throws <see cref="EngineStartException"/> otherwise.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        _supervised = false;
        _handle?.Dispose();
        if (Launch.Containerd is { } containerd)
        {
            await StartContainerdAsync(containerd, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            foreach (var pidFile in Launch.StalePidFiles)
            {
                _process.KillStale(pidFile);
            }
        }
        var handle = _process.Start(Launch);
        _handle = handle;
        _startedAt = _time.GetUtcNow();
        _log.Info($"Started {Launch.Name} (pid {handle.Pid}): {Launch.Program} {string.Join(' ', Redact.Arguments(Launch.Arguments))}");
        _ = Background.Run($"watch-{Launch.Name}", _log, async () =>
        {
            var code = await handle.Exited.ConfigureAwait(false);
            // Only an engine that was up and is still the current one is reported; exits during a
            // start or a restart are handled there.
            if (_supervised && !_stopped && ReferenceEquals(handle, _handle))
            {
                _ = _events.TryWrite(new SystemEvent(SystemEventKind.EngineExited, ExitCode: code));
            }
        });
        await WaitReadyAsync(handle, cancellationToken).ConfigureAwait(false);
        _supervised = !handle.Exited.IsCompleted;
    }

    /// <summary>Starts containerd unless it still runs, and waits until its socket accepts connections.</summary>
    private async Task StartContainerdAsync(EngineLaunch containerd, CancellationToken cancellationToken)
    {
        if (_containerd is { IsAlive: true } && await _process.CanConnectAsync(containerd.Socket, TimeSpan.FromSeconds(2), cancellationToken).ConfigureAwait(false))
        {
            return;
        }
        _containerd?.Signal(9);
        _containerd?.Dispose();
        var handle = _process.Start(containerd);
        _containerd = handle;
        _log.Info($"Started {containerd.Name} (pid {handle.Pid})");
        var deadline = _time.GetUtcNow() + ReadyDeadline;
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

    /// <summary>Waits for <c>/_ping</c> while checking that the process is alive, up to <see cref="ReadyDeadline"/>.</summary>
    private async Task WaitReadyAsync(IEngineHandle handle, CancellationToken cancellationToken)
    {
        var deadline = _time.GetUtcNow() + ReadyDeadline;
        while (true)
        {
            if (!handle.IsAlive)
            {
                var code = await handle.Exited.ConfigureAwait(false);
                throw new EngineStartException(Launch.Name, $"exited with status {code} before answering on '{Launch.Socket}'");
            }
            if (await _process.PingAsync(Launch.Socket, TimeSpan.FromSeconds(2), cancellationToken).ConfigureAwait(false))
            {
                return;
            }
            if (_time.GetUtcNow() >= deadline)
            {
                throw new EngineStartException(Launch.Name, $"no answer on '{Launch.Socket}' within {ReadyDeadline.TotalSeconds:0} s");
            }
            // Ask again as soon as either the process ends or a short interval passes.
            await Task.WhenAny(handle.Exited, Task.Delay(TimeSpan.FromMilliseconds(50), _time, cancellationToken)).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
        }
    }

    /// <summary>
    /// Restarts after an unexpected exit: waits the backoff delay (reset after a healthy run), then starts
    /// and waits for readiness again; keeps trying until it succeeds or <paramref name="cancellationToken"/> fires.
    /// </summary>
    public async Task RestartAsync(int exitCode, CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _restarting, 1) == 1)
        {
            return;
        }
        try
        {
            var uptime = _time.GetUtcNow() - _startedAt;
            while (!_stopped)
            {
                _attempt = Backoff.Engine.NextAttempt(_attempt, uptime);
                var delay = Backoff.Engine.Delay(_attempt);
                _log.Warn($"{Launch.Name} exited with status {exitCode} after {uptime.TotalSeconds:0.0} s, restarting in {delay.TotalMilliseconds:0} ms (attempt {_attempt})");
                await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(false);
                if (_stopped)
                {
                    return;
                }
                try
                {
                    await StartAsync(cancellationToken).ConfigureAwait(false);
                    _log.Progress(StepResult.Ok, $"Restarted {Launch.Name}");
                    return;
                }
                catch (EngineStartException e)
                {
                    _log.Error(e.Message);
                    uptime = TimeSpan.Zero;
                    if (_handle is { } h)
                    {
                        h.Signal(9);
                        exitCode = await h.Exited.ConfigureAwait(false);
                    }
                }
            }
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

    private async Task StopOneAsync(IEngineHandle? target, string name, TimeSpan timeout)
    {
        if (target is not { IsAlive: true } handle)
        {
            return;
        }
        handle.Signal(15);
        if (await Task.WhenAny(handle.Exited, Task.Delay(timeout, _time)).ConfigureAwait(false) != handle.Exited)
        {
            _log.Warn($"{name} did not stop within {timeout.TotalSeconds:0} s, killing it");
            handle.Signal(9);
            await Task.WhenAny(handle.Exited, Task.Delay(TimeSpan.FromSeconds(5), _time)).ConfigureAwait(false);
        }
        // Closes the log file PID 1 pumps the daemon's output into, so /var/log can be unmounted.
        handle.Dispose();
    }
}
