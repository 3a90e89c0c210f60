using InitOS.Core.Ports;

namespace InitOS.Boot;

/// <summary>The adapters PID 1 runs on, handed in by the composition root.</summary>
/// <param name="Syscalls">Kernel calls.</param>
/// <param name="Kernel">procfs readers.</param>
/// <param name="Files">Files under the system root.</param>
/// <param name="Blocks">Block devices.</param>
/// <param name="Programs">Helper programs (mkfs, modprobe, the recovery shell).</param>
/// <param name="Engines">Engine daemons.</param>
/// <param name="ConnectEngine">Creates an engine client for a <c>unix://</c> endpoint.</param>
/// <param name="Events">The signal source.</param>
/// <param name="Console">The console sink (present from the first line).</param>
/// <param name="OpenKmsg">Opens the /dev/kmsg sink once devtmpfs is mounted; null when it cannot.</param>
public sealed record InitPorts(
    ISyscalls Syscalls,
    IKernelInfo Kernel,
    IFileStore Files,
    IBlockDevices Blocks,
    IProgramRunner Programs,
    IEngineProcess Engines,
    Func<string, IContainerEngine> ConnectEngine,
    ISystemEvents Events,
    IBootLog Console,
    Func<IBootLog?> OpenKmsg)
{
    /// <summary>The hardware watchdog armed during a trial boot; null where there is none to use.</summary>
    public IWatchdog? Watchdog { get; init; }

    /// <summary>
    /// Grafts the prepared system image store (first argument, as the engine sees it) into an engine's data root
    /// (second, a host path) and says what it did (<see cref="Core.Boot.SystemImageStore"/>); throws
    /// <see cref="IOException"/> on a write error. Null where images are loaded from the archive instead.
    /// </summary>
    public Func<string, string, Core.Boot.GraftPlan>? GraftImages { get; init; }

    /// <summary>
    /// Serves the control API (<see cref="Core.Control.IInitControl"/>) on its socket and returns what stops it; it logs
    /// through the given action. Null where there is no control API to serve.
    /// </summary>
    public Func<Core.Control.IInitControl, Action<string>, CancellationToken, Task<IAsyncDisposable>>? ServeControl { get; init; }

    /// <summary>
    /// Runs an OS transaction (<c>ros os upgrade</c> or <c>rollback</c>, the same code as in <c>ros</c>), giving each
    /// line of its output to the action; it never asks and never reboots. Returns <c>done</c>, or <c>failed</c> with the
    /// error. Null where there is none to run (the control API then answers NotReady).
    /// </summary>
    public Func<Core.Control.OsTransaction, Action<string>, CancellationToken, Task<Core.Control.JobOutcome>>? RunOsTransaction { get; init; }
}
