using InitOS.Core.Boot;

namespace InitOS.Core.Control;

/// <summary>
/// What the running init answers on its control API. PID 1 implements it; the platform serves it on D-Bus at
/// <see cref="ControlNames.SocketPath"/> and offers a client implementing it for <c>ros</c>. Failures are
/// <see cref="ControlException"/>s, which travel as D-Bus errors named by <see cref="ControlException.Name"/>.
/// </summary>
public interface IInitControl
{
    /// <summary>The running version, the booted slot and where the boot is.</summary>
    Task<InitStatus> StatusAsync(CancellationToken cancellationToken);

    /// <summary>Every service of the configuration (and every service container of the engines), with its state.</summary>
    Task<IReadOnlyList<ServiceState>> ListServicesAsync(CancellationToken cancellationToken);

    /// <summary>Runs one job on one service and returns when it is finished (the D-Bus server wraps it as a job object).</summary>
    Task<JobOutcome> RunServiceJobAsync(string service, ServiceJob job, CancellationToken cancellationToken);

    /// <summary>The last <paramref name="lines"/> lines of a service's output (0: all).</summary>
    Task<string> ServiceLogsAsync(string service, int lines, CancellationToken cancellationToken);

    /// <summary>The boot's steps and milestones so far, in uptime milliseconds.</summary>
    Task<IReadOnlyList<BootMark>> BootTimelineAsync(CancellationToken cancellationToken);

    /// <summary>Reads the configuration again and brings the services to it; returns what changed, one line each.</summary>
    Task<JobOutcome> ReloadAsync(CancellationToken cancellationToken);

    /// <summary>Asks for an orderly shutdown ending in <paramref name="action"/>; returns once it is accepted.</summary>
    Task RequestPowerAsync(PowerAction action, CancellationToken cancellationToken);

    /// <summary>
    /// Runs an OS transaction (upgrade or rollback; one at a time), reporting each line of its output to
    /// <paramref name="progress"/> as it comes, and returns how it ended (<c>done</c>, <c>failed</c> with the error,
    /// <c>canceled</c>). The transaction never asks: the client confirms before it starts, and reboots after it (on
    /// success, an upgrade that wrote a slot leaves the reboot to the client).
    /// </summary>
    Task<JobOutcome> RunOsTransactionAsync(OsTransaction request, Action<string> progress, CancellationToken cancellationToken);
}
