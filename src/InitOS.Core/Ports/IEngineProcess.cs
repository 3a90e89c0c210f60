using InitOS.Core.Boot;

namespace InitOS.Core.Ports;

/// <summary>Starts engine daemons and asks them whether they answer.</summary>
public interface IEngineProcess
{
    /// <summary>
    /// Starts the daemon described by <paramref name="launch"/>. Its output is copied into the log file per
    /// <see cref="EngineLaunch.LogPolicy"/>; <paramref name="notice"/> receives the one line said when the copy
    /// starts or stops dropping output.
    /// </summary>
    IEngineHandle Start(EngineLaunch launch, Action<string> notice);

    /// <summary>Kills (SIGKILL) the process named by a pid file if it still runs and removes the file; a missing file is fine.</summary>
    void KillStale(string pidFile);

    /// <summary>True when a connection to the unix socket succeeds within <paramref name="timeout"/> (containerd's readiness).</summary>
    Task<bool> CanConnectAsync(string socket, TimeSpan timeout, CancellationToken cancellationToken);

    /// <summary>One <c>GET /_ping</c> on the unix socket, bounded by <paramref name="timeout"/>; true when it answers OK.</summary>
    Task<bool> PingAsync(string socket, TimeSpan timeout, CancellationToken cancellationToken);
}
