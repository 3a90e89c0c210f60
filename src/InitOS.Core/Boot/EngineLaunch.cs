namespace InitOS.Core.Boot;

/// <summary>Everything needed to start one dockerd.</summary>
/// <param name="Name">Role name for logs (<c>system-docker</c>).</param>
/// <param name="Program">The daemon binary.</param>
/// <param name="Arguments">Its arguments.</param>
/// <param name="Environment">Extra environment (<c>K=V</c>) on top of PID 1's.</param>
/// <param name="Socket">Path of the unix socket it serves, to wait for.</param>
/// <param name="LogFile">File its stdout and stderr are appended to, or null to inherit PID 1's.</param>
public sealed record EngineLaunch(string Name, string Program, IReadOnlyList<string> Arguments, IReadOnlyList<string> Environment, string Socket, string? LogFile)
{
    /// <summary>
    /// Pid files of helpers the daemon starts and that outlive it when it is killed (its managed
    /// containerd); those processes are killed before a restart, or the new daemon cannot take their locks.
    /// </summary>
    public IReadOnlyList<string> StalePidFiles { get; init; } = [];

    /// <summary>
    /// The <c>oom_score_adj</c> the process gets once started (null: inherited). The system engine's processes
    /// get <see cref="SystemOomScoreAdjust"/>, so under memory pressure the kernel picks a workload first; PID 1
    /// itself is never chosen (the kernel exempts the global init).
    /// </summary>
    public int? OomScoreAdjust { get; init; }

    /// <summary>The system engine's <c>oom_score_adj</c>: dockerd's old default; its containers get their own (0) from the engine.</summary>
    public const int SystemOomScoreAdjust = -500;

    /// <summary>
    /// A containerd started (and waited for) before the daemon, which is pointed at it with
    /// <c>--containerd</c>; null lets dockerd manage its own (whose start-up wait is too short on a slow host).
    /// </summary>
    public EngineLaunch? Containerd { get; init; }

    /// <summary>How the output copied into <see cref="LogFile"/> is capped and what happens when it cannot be written.</summary>
    public OutputLogPolicy LogPolicy { get; init; } = OutputLogPolicy.Default;

    /// <summary>The daemon's data root (what a repair moves aside), or null when not known.</summary>
    public string? DataRoot { get; init; }

    /// <summary>The endpoint URI of <see cref="Socket"/>.</summary>
    public string Endpoint => "unix://" + Socket;
}
