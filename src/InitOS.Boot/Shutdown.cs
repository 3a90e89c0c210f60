using InitOS.Boot.Engine;
using InitOS.Boot.Logging;
using InitOS.Boot.Services;
using InitOS.Core.Boot;
using InitOS.Core.Config;
using InitOS.Core.Ports;
using InitOS.Core.Services;
using InitOS.Core.Timing;

namespace InitOS.Boot;

/// <summary>
/// The one orderly shutdown: user containers through the user engine, system services in reverse
/// dependency order, the system engine, remaining processes (SIGTERM, then waiting until none is left, SIGKILL
/// only to those still there after <see cref="ProcessGrace"/>), sync, unmount, reboot(2). A watchdog forces
/// sync + reboot(2) after the shutdown timeout whatever state the sequence is in.
/// </summary>
public sealed class Shutdown
{
    private readonly InitPorts _ports;
    private readonly BootLogger _log;
    private readonly InitOptions _options;
    private int _started;
    private bool _processListFailed;

    /// <summary>Creates the shutdown sequence.</summary>
    public Shutdown(InitPorts ports, BootLogger log, InitOptions options)
    {
        _ports = ports;
        _log = log;
        _options = options;
    }

    /// <summary>The clock of the watchdog, the deadline and the wait between SIGTERM and SIGKILL to all processes.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>How long the processes left at the end get to exit after SIGTERM before SIGKILL (and never past the
    /// shutdown's own deadline).</summary>
    public TimeSpan ProcessGrace { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How often the wait after SIGTERM checks whether any process is left.</summary>
    public static readonly TimeSpan ProcessPoll = TimeSpan.FromMilliseconds(50);

    /// <summary>How long the whole sequence may take before the watchdog forces it.</summary>
    public TimeSpan Timeout { get; set; } = BootSettings.DefaultShutdownTimeout;

    /// <summary>Mounts to take down at the end (innermost last in the list, unmounted in reverse).</summary>
    public UnmountList Unmounts { get; } = new();

    /// <summary>Runs the shutdown; returns only in container mode.</summary>
    public async Task RunAsync(PowerAction action, SystemEngine? engine, ServiceOrchestrator? orchestrator, IReadOnlyList<ServiceDefinition> services)
    {
        if (Interlocked.Exchange(ref _started, 1) == 1)
        {
            _log.Info($"Shutdown already in progress, ignoring the request to {Word(action)}");
            return;
        }
        using var watchdog = Time.CreateTimer(_ => Force(action), null, Timeout, System.Threading.Timeout.InfiniteTimeSpan);
        var start = _log.Now;
        _log.Notice($"Shutting down to {Word(action)} (watchdog in {Timeout.TotalSeconds:0} s)");
        using var cts = new CancellationTokenSource(Timeout, Time);
        await StopUserContainersAsync(cts.Token).ConfigureAwait(false);
        if (orchestrator != null)
        {
            await orchestrator.StopAsync(services, ServiceScope.System, TimeSpan.FromSeconds(10), cts.Token).ConfigureAwait(false);
        }
        if (engine != null)
        {
            await engine.StopAsync(TimeSpan.FromSeconds(20)).ConfigureAwait(false);
            _log.Progress(StepResult.Ok, $"Stopped {engine.Launch.Name}");
        }
        if (!_options.ContainerMode)
        {
            await StopRemainingProcessesAsync(cts.Token).ConfigureAwait(false);
        }
        _ports.Syscalls.Sync();
        UnmountAll();
        _ports.Syscalls.Sync();
        _log.Write(SyslogLevel.Notice, StepLine.Format("shutdown", start, _log.Now - start, StepResult.Ok));
        _log.Notice($"InitOS shutdown complete, {Word(action)} now");
        if (_options.ContainerMode)
        {
            return;
        }
        var r = _ports.Syscalls.Reboot(action);
        _log.Error($"reboot(2) failed: {r.ErrnoName}");
    }

    /// <summary>
    /// SIGTERM to every process but PID 1, then waits until no user-space process is left (<see cref="ProcessTable"/>;
    /// the runtime reaps the children PID 1 inherits), at most <see cref="ProcessGrace"/>; SIGKILL to those still there.
    /// </summary>
    private async Task StopRemainingProcessesAsync(CancellationToken deadline)
    {
        if (_ports.Syscalls.Kill(-1, 15).Errno == SysResult.ESRCH)
        {
            return;
        }
        using var grace = new Deadline(ProcessGrace, Time, deadline);
        var start = Time.GetTimestamp();
        IReadOnlyList<ProcessTable.Entry> left;
        while ((left = Living()).Count > 0)
        {
            try
            {
                await Task.Delay(ProcessPoll, Time, grace.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                _log.Warn($"{left.Count} processes still running {Time.GetElapsedTime(start).TotalSeconds:0.#} s after SIGTERM, killing them: "
                    + string.Join(", ", left.Take(8).Select(p => $"{p.Name} ({p.Pid})")) + (left.Count > 8 ? ", …" : ""));
                _ = _ports.Syscalls.Kill(-1, 9);
                return;
            }
        }
        _log.Info($"Every process exited {Time.GetElapsedTime(start).TotalMilliseconds:0} ms after SIGTERM");
    }

    private IReadOnlyList<ProcessTable.Entry> Living()
    {
        try
        {
            return ProcessTable.Living(_ports.Kernel.ReadProcessStats(), Environment.ProcessId);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // without /proc nothing tells: wait out the grace, then SIGKILL
            if (!_processListFailed)
            {
                _processListFailed = true;
                _log.Warn($"Cannot list the processes: {e.Message}");
            }
            return [new ProcessTable.Entry(0, "unknown")];
        }
    }

    private async Task StopUserContainersAsync(CancellationToken cancellationToken)
    {
        try
        {
            var user = _ports.ConnectEngine("unix:///var/run/docker.sock");
            using var ping = new Deadline(TimeSpan.FromSeconds(2), Time, cancellationToken);
            if (!await user.PingAsync(ping.Token).ConfigureAwait(false))
            {
                return;
            }
            var running = (await user.ListAsync("", cancellationToken).ConfigureAwait(false)).Where(c => c.IsRunning).ToList();
            await Task.WhenAll(running.Select(c => user.StopAsync(c.Id, TimeSpan.FromSeconds(10), cancellationToken))).ConfigureAwait(false);
            _log.Progress(StepResult.Ok, $"Stopped {running.Count} user containers");
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            _log.Warn($"Failed to stop user containers: {e.Message}, continuing");
        }
    }

    private void UnmountAll()
    {
        var unmounts = Unmounts.Snapshot();
        for (var i = unmounts.Count - 1; i >= 0; i--)
        {
            var target = unmounts[i];
            var r = _ports.Syscalls.Unmount(target, detach: false);
            if (!r.IsOk)
            {
                var ro = _ports.Syscalls.Mount("", target, "", MountFlags.Remount | MountFlags.ReadOnly, null);
                _log.Warn($"Failed to unmount '{target}': {r.ErrnoName}, {(ro.IsOk ? "remounted read-only" : "left mounted")}");
                _ = _ports.Syscalls.Unmount(target, detach: true);
            }
        }
    }

    private void Force(PowerAction action)
    {
        _log.Error($"Shutdown did not finish within {Timeout.TotalSeconds:0} s, forcing {Word(action)}");
        _ports.Syscalls.Sync();
        if (_options.ContainerMode)
        {
            Environment.Exit(1);
        }
        _ = _ports.Syscalls.Reboot(action);
    }

    private static string Word(PowerAction action) => action switch
    {
        PowerAction.Reboot => "reboot",
        PowerAction.Halt => "halt",
        _ => "power off",
    };
}
