namespace InitOS.Core.Boot;

/// <summary>One event on the supervisor channel. Signal handlers and watchers only enqueue these; the
/// supervisor loop acts on them one at a time.</summary>
/// <param name="Kind">What happened.</param>
/// <param name="Signal">For <see cref="SystemEventKind.Signal"/>: which signal.</param>
/// <param name="Action">For <see cref="SystemEventKind.ShutdownRequested"/>: what to do at the end.</param>
/// <param name="ExitCode">For <see cref="SystemEventKind.EngineExited"/>: its exit status.</param>
/// <param name="Name">For <see cref="SystemEventKind.EngineExited"/>: which daemon exited (the engine or its containerd).</param>
public sealed record SystemEvent(SystemEventKind Kind, SystemSignal? Signal = null, PowerAction? Action = null, int? ExitCode = null, string? Name = null)
{
    /// <summary>A signal event.</summary>
    public static SystemEvent FromSignal(SystemSignal signal) => new(SystemEventKind.Signal, Signal: signal);
}
