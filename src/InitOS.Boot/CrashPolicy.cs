using System.Threading.Channels;
using InitOS.Boot.Logging;
using InitOS.Core.Boot;

namespace InitOS.Boot;

/// <summary>
/// What PID 1 does when the boot cannot go on: show the error on the console and run a recovery shell
/// there, again and again; a power signal still syncs and reboots/powers off. Never returns.
/// </summary>
public sealed class CrashPolicy
{
    private readonly InitPorts _ports;
    private readonly BootLogger _log;
    private readonly ChannelReader<SystemEvent>? _events;
    private int _entered;

    /// <summary>Creates the policy; <paramref name="events"/> (if any) are watched for power signals.</summary>
    public CrashPolicy(InitPorts ports, BootLogger log, ChannelReader<SystemEvent>? events)
    {
        _ports = ports;
        _log = log;
        _events = events;
    }

    /// <summary>The clock that tells a shell that exits at once from one that was used.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>The shell the recovery console runs.</summary>
    public string Shell { get; init; } = "/bin/sh";

    /// <summary>Brings up the recovery console for <paramref name="reason"/>. Never returns.</summary>
    public void Handle(string reason)
    {
        if (Interlocked.Exchange(ref _entered, 1) == 1)
        {
            // A second crash (e.g. from another thread) while the console runs: park this thread.
            _log.Error($"Further failure while in the recovery console: {reason}");
            Thread.Sleep(Timeout.Infinite);
        }
        _log.Write(SyslogLevel.Critical, $"Boot failed: {reason}");
        _log.Write(SyslogLevel.Critical, "Starting the recovery console; 'reboot -f' or 'poweroff -f' leaves it");
        if (_events != null)
        {
            var thread = new Thread(WatchPowerSignals) { IsBackground = true, Name = "recovery-power" };
            thread.Start();
        }
        var quickExits = 0;
        while (true)
        {
            var started = Time.GetTimestamp();
            var code = _ports.Programs.RunOnConsole(Shell, ["-i"], new Dictionary<string, string>
            {
                ["PS1"] = "[recovery] # ",
                ["HOME"] = "/root",
                ["TERM"] = "linux",
                ["PATH"] = "/usr/sbin:/usr/bin:/sbin:/bin",
            });
            if (code == 127)
            {
                _log.Write(SyslogLevel.Critical, $"No recovery shell ('{Shell}'), waiting for a power signal");
                Thread.Sleep(Timeout.Infinite);
            }
            quickExits = Time.GetElapsedTime(started) < TimeSpan.FromSeconds(1) ? quickExits + 1 : 0;
            _log.Warn($"Recovery shell exited with status {code}, starting it again");
            if (quickExits > 3)
            {
                Thread.Sleep(TimeSpan.FromSeconds(2));
            }
        }
    }

    private void WatchPowerSignals()
    {
        while (true)
        {
            SystemEvent ev;
            try
            {
                ev = _events!.ReadAsync().AsTask().GetAwaiter().GetResult();
            }
            catch (Exception e)
            {
                // An exception out of this thread would end PID 1 (a kernel panic): say it, wait, read again.
                _log.Error($"Cannot read power requests in the recovery console: {e.Message}, trying again in 5 s");
                Thread.Sleep(TimeSpan.FromSeconds(5));
                continue;
            }
            var action = ev.Kind == SystemEventKind.ShutdownRequested ? ev.Action
                : ev.Signal is { } s ? SignalPolicy.ActionFor(s) : null;
            if (action is { } a)
            {
                _log.Warn($"Power request in the recovery console: {a}, syncing");
                _ports.Syscalls.Sync();
                var r = _ports.Syscalls.Reboot(a);
                _log.Error($"reboot(2) failed: {r.ErrnoName}");
            }
        }
    }
}
