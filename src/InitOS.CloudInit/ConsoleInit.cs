using InitOS.Core.Boot;
using InitOS.Core.CloudInit;
using InitOS.Core.Config;
using InitOS.Core.Consoles;
using InitOS.Core.Ports;

namespace InitOS.CloudInit;

/// <summary>
/// <c>console-init</c>, the command of the <c>console</c> system container: loads the merged config (inside the
/// container <c>/</c> is the console's root, <c>/proc/cmdline</c> the host's), performs the
/// <see cref="ConsolePlanner"/> setup, runs the user's boot scripts once per boot, then keeps sshd and the gettys
/// running until it is cancelled (SIGTERM), when it stops them. A failed setup step is logged and the console
/// still comes up: a locked-out machine is worse than a partly configured one.
/// </summary>
public sealed class ConsoleInit
{
    /// <summary>Written (on the host's <c>/run</c>) before the scripts run, so a restarted console does not run them twice in a boot.</summary>
    public const string ScriptsStamp = "/run/initos/console-scripts.done";

    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(5);

    private readonly IFileStore _files;
    private readonly IHostFiles _host;
    private readonly IProgramRunner _runner;
    private readonly IChildLauncher _launcher;
    private readonly CloudInitLog _log;
    private readonly TimeProvider _time;
    private readonly Func<string> _newSalt;

    /// <summary>Creates the program over its ports.</summary>
    public ConsoleInit(IFileStore files, IHostFiles host, IProgramRunner runner, IChildLauncher launcher, CloudInitLog log, TimeProvider time, Func<string> newSalt)
    {
        _files = files;
        _host = host;
        _runner = runner;
        _launcher = launcher;
        _log = log;
        _time = time;
        _newSalt = newSalt;
    }

    /// <summary>Bound for each script and for <c>ssh-keygen</c>.</summary>
    public TimeSpan ScriptTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Restart policy of the children.</summary>
    public Backoff Respawn { get; init; } = Backoff.Console;

    /// <summary>Loads the config and plans the console.</summary>
    public ConsolePlan Plan()
    {
        var config = ConfigLoader.Load(_files);
        foreach (var diagnostic in config.Diagnostics)
        {
            _log.Warn($"Config: {Redact.Text(diagnostic.ToString())}");
        }
        var today = DateOnly.FromDateTime(_time.GetUtcNow().UtcDateTime);
        var cmdline = _files.ReadText(ConfigPaths.Cmdline) ?? "";
        return ConsolePlanner.Plan(new ConsoleInputs(config.Tree, cmdline, _files.ReadText, _host.IsExecutable, _newSalt, today, _host.Exists));
    }

    /// <summary>Performs the setup stage; returns the number of failures (problems included).</summary>
    public async Task<int> SetupAsync(ConsolePlan plan, CancellationToken cancellationToken)
    {
        foreach (var key in plan.Unapplied)
        {
            _log.Warn($"Not applying cloud-config key {key}");
        }
        foreach (var problem in plan.Problems)
        {
            _log.Error(problem);
        }
        var performer = new StepPerformer(_host, null, _runner, _log) { CommandTimeout = ScriptTimeout };
        var failures = plan.Problems.Count + await performer.PerformAllAsync(plan.Setup, cancellationToken).ConfigureAwait(false);
        _log.Notice($"Console set up: {plan.Setup.Count} steps, {failures} failed");
        return failures;
    }

    /// <summary>Runs the boot scripts unless they already ran in this boot; returns the number that failed.</summary>
    public async Task<int> RunScriptsAsync(ConsolePlan plan, CancellationToken cancellationToken)
    {
        if (plan.Scripts.Count == 0)
        {
            return 0;
        }
        if (_host.Exists(ScriptsStamp))
        {
            _log.Info($"Boot scripts already ran in this boot ('{ScriptsStamp}' exists), not running them again");
            return 0;
        }
        _host.WriteFile(ScriptsStamp, [], Core.Modes.File0644, 0, 0);
        var performer = new StepPerformer(_host, null, _runner, _log) { CommandTimeout = ScriptTimeout };
        return await performer.PerformAllAsync(plan.Scripts, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Keeps every child running until <paramref name="cancellationToken"/> is cancelled, then stops them.</summary>
    public Task SuperviseAsync(ConsolePlan plan, CancellationToken cancellationToken) =>
        Task.WhenAll(plan.Children.Select(child => KeepRunningAsync(child, cancellationToken)));

    /// <summary>The whole program: plan, set up, scripts, supervise. Returns 0 after a clean stop.</summary>
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var plan = Plan();
        await SetupAsync(plan, cancellationToken).ConfigureAwait(false);
        await RunScriptsAsync(plan, cancellationToken).ConfigureAwait(false);
        _log.Notice($"Console ready: {string.Join(", ", plan.Children.Select(c => c.Name))}");
        await SuperviseAsync(plan, cancellationToken).ConfigureAwait(false);
        _log.Notice("Console stopped");
        return 0;
    }

    private async Task KeepRunningAsync(ConsoleChild child, CancellationToken cancellationToken)
    {
        var attempt = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            var started = _time.GetUtcNow();
            var running = _launcher.Start(child.Argv[0], child.Argv.Skip(1).ToList(), out var error);
            int? status = null;
            if (running is null)
            {
                _log.Error($"Failed to start {child.Name} ('{child.Argv[0]}'): {error}");
            }
            else
            {
                using (running)
                {
                    _log.Info($"Started {child.Name} (pid {running.Id})");
                    try
                    {
                        status = await running.Exited.WaitAsync(cancellationToken).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException)
                    {
                        await StopAsync(child, running).ConfigureAwait(false);
                        return;
                    }
                }
            }
            var uptime = _time.GetUtcNow() - started;
            (attempt, var delay) = Respawn.AfterExit(attempt, uptime);
            var why = status is { } s ? $"exited with status {s} after {uptime.TotalSeconds:0.#} s" : "did not start";
            if (delay > TimeSpan.Zero)
            {
                _log.Warn($"{child.Name} {why}, restarting in {delay.TotalSeconds:0.#} s");
            }
            else
            {
                _log.Info($"{child.Name} {why}, restarting");
            }
            try
            {
                await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task StopAsync(ConsoleChild child, IRunningChild running)
    {
        running.Terminate();
        try
        {
            await running.Exited.WaitAsync(StopGrace, _time).ConfigureAwait(false);
            _log.Info($"Stopped {child.Name}");
        }
        catch (TimeoutException)
        {
            _log.Warn($"{child.Name} did not stop within {StopGrace.TotalSeconds:0} s of SIGTERM, killing it");
            running.Kill();
            await running.Exited.ConfigureAwait(false);
        }
    }
}
