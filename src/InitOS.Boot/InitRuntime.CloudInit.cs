using InitOS.Core.Boot;
using InitOS.Core.CloudInit;
using InitOS.Core.Datasources;

namespace InitOS.Boot;

/// <summary>
/// Cloud provisioning in the boot (RancherOS §8): <c>cloud-init-save</c> once the state partition is bound and
/// before the configuration is reloaded (so <c>boot.yml</c> and <c>network.yml</c> take part in it),
/// <c>cloud-init-execute -boot</c> (bootcmd) after the reload, and <c>cloud-init-execute</c> (pre-console and
/// console phases) once the system services are up. HTTP datasources need the network, which exists only after
/// the <c>network</c> service: when one is configured and the early run found nothing, the init waits (at most
/// 30 s) for the default route and saves again before executing. Each program is this binary run as a child with
/// a deadline; a failure degrades the step.
/// </summary>
public sealed partial class InitRuntime
{
    /// <summary>The line <c>cloud-init-save</c> prints when no datasource answered within its window.</summary>
    private const string NothingAnswered = "No datasource answered";

    /// <summary>cloud-init-save probes for at most 8 s; the rest is for mounting and saving.</summary>
    private static readonly TimeSpan CloudInitSaveDeadline = TimeSpan.FromSeconds(15);

    /// <summary>bootcmd and runcmd run to completion inside this bound.</summary>
    private static readonly TimeSpan CloudInitExecuteDeadline = TimeSpan.FromSeconds(120);

    /// <summary>How long the second probe waits for the network service's default route.</summary>
    private static readonly TimeSpan NetworkRouteDeadline = TimeSpan.FromSeconds(30);

    private bool _cloudInitFoundNothing;

    private async Task<StepResult> CloudInitSaveAsync(CancellationToken cancellationToken)
    {
        if (_options.ContainerMode)
        {
            _log.Info("Container mode: no cloud-init");
            return StepResult.Ok;
        }
        var (code, output) = await RunSelfAsync("cloud-init-save", [], CloudInitSaveDeadline, cancellationToken).ConfigureAwait(false);
        _cloudInitFoundNothing = code == 124 || (code == 0 && output.Contains(NothingAnswered, StringComparison.Ordinal));
        return Reported("cloud-init-save", code, output);
    }

    private async Task<StepResult> CloudInitBootcmdAsync(CancellationToken cancellationToken)
    {
        if (_options.ContainerMode)
        {
            return StepResult.Ok;
        }
        var (code, output) = await RunSelfAsync("cloud-init-execute", ["-boot"], CloudInitExecuteDeadline, cancellationToken).ConfigureAwait(false);
        return Reported("cloud-init-execute -boot", code, output);
    }

    private async Task<StepResult> CloudInitExecuteAsync(CancellationToken cancellationToken)
    {
        if (_options.ContainerMode)
        {
            return StepResult.Ok;
        }
        var result = StepResult.Ok;
        if (_cloudInitFoundNothing && NetworkDatasources.AnyIn(_settings.CloudInitDatasources.Value))
        {
            await WaitForDefaultRouteAsync(cancellationToken).ConfigureAwait(false);
            _log.Info("No datasource answered before the network was up, probing again");
            var networkBefore = _ports.Files.ReadText(CloudInitPaths.NetworkYml);
            var (saveCode, saveOutput) = await RunSelfAsync("cloud-init-save", [], CloudInitSaveDeadline, cancellationToken).ConfigureAwait(false);
            result = Reported("cloud-init-save", saveCode, saveOutput);
            if (_ports.Files.ReadText(CloudInitPaths.NetworkYml) != networkBefore)
            {
                // the network service planned without it: restart it so the datasource's network config applies now
                _log.Info($"The datasource saved new network configuration ('{CloudInitPaths.NetworkYml}'), restarting the network service");
                var (restartCode, restartOutput) = await _ports.Programs.RunAsync("system-docker", ["restart", "network"], CloudInitSaveDeadline, cancellationToken).ConfigureAwait(false);
                result = Reported("system-docker restart network", restartCode, restartOutput) == StepResult.Ok ? result : StepResult.Degraded;
            }
        }
        var (code, output) = await RunSelfAsync("cloud-init-execute", [], CloudInitExecuteDeadline, cancellationToken).ConfigureAwait(false);
        return Reported("cloud-init-execute", code, output) == StepResult.Ok ? result : StepResult.Degraded;
    }

    /// <summary>
    /// The <c>network</c> service is a DHCP client that is running, not done: waits (bounded) for the default route
    /// it installs, so that the second probe does not spend its window on an unreachable network.
    /// </summary>
    private async Task WaitForDefaultRouteAsync(CancellationToken cancellationToken)
    {
        var deadline = _time.GetUtcNow() + NetworkRouteDeadline;
        while (DatasourceFactory.DefaultGateway(_ports.Files.ReadText("/proc/net/route")) == null)
        {
            if (_time.GetUtcNow() >= deadline)
            {
                _log.Warn($"No default route {NetworkRouteDeadline.TotalSeconds:0} s after the services started, probing anyway");
                return;
            }
            await Task.Delay(TimeSpan.FromMilliseconds(250), _time, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Runs a personality of this binary: the executable itself with the personality as first argument when it
    /// is called <c>initos</c> (the initrd's <c>/init</c> links to <c>/usr/bin/initos</c>), else the
    /// personality's link by name on PATH, as the other helpers are started.
    /// </summary>
    private Task<(int ExitCode, string Output)> RunSelfAsync(string personality, IReadOnlyList<string> arguments, TimeSpan deadline, CancellationToken cancellationToken)
    {
        var self = Environment.ProcessPath;
        return self != null && Path.GetFileName(self) == "initos"
            ? _ports.Programs.RunAsync(self, [personality, .. arguments], deadline, cancellationToken)
            : _ports.Programs.RunAsync(personality, arguments, deadline, cancellationToken);
    }

    /// <summary>Ok for exit status 0; otherwise a warning with the program's last line, and Degraded.</summary>
    private StepResult Reported(string program, int code, string output)
    {
        if (code == 0)
        {
            return StepResult.Ok;
        }
        var last = output.TrimEnd().Split('\n')[^1].Trim();
        var why = code switch
        {
            124 => "did not finish within its deadline",
            127 => "could not be started",
            _ => $"exited with status {code}",
        };
        _log.Warn($"{program} {why}{(last.Length > 0 ? $" ({Redact.Text(last)})" : "")}, continuing");
        return StepResult.Degraded;
    }
}
