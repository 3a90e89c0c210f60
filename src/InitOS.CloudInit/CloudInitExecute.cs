using InitOS.Core.CloudInit;
using InitOS.Core.Config;
using InitOS.Core.Ports;

namespace InitOS.CloudInit;

/// <summary>
/// <c>cloud-init-execute</c>: loads the merged config, plans the phase (<see cref="ExecutePlanner"/>) and
/// performs the steps. A failed step is logged and the rest continue, except later steps of the same group
/// (<c>runcmd</c> stops at its first failure). Keys InitOS does not apply are logged by name. Exit status 0
/// when every step succeeded, 1 otherwise.
/// </summary>
public sealed class CloudInitExecute
{
    private readonly IFileStore _files;
    private readonly IHostFiles _host;
    private readonly ISyscalls _syscalls;
    private readonly IProgramRunner _runner;
    private readonly CloudInitLog _log;
    private readonly TimeProvider _time;
    private readonly Func<string> _newSalt;

    /// <summary>Creates the program over its ports.</summary>
    public CloudInitExecute(IFileStore files, IHostFiles host, ISyscalls syscalls, IProgramRunner runner, CloudInitLog log, TimeProvider time, Func<string> newSalt)
    {
        _files = files;
        _host = host;
        _syscalls = syscalls;
        _runner = runner;
        _log = log;
        _time = time;
        _newSalt = newSalt;
    }

    /// <summary>Bound for each command (<c>runcmd</c> entries, <c>mount</c>, <c>growpart</c> …).</summary>
    public TimeSpan CommandTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Plans <paramref name="phase"/> without performing it.</summary>
    public ExecutePlan Plan(ExecutePhase phase)
    {
        var config = ConfigLoader.Load(_files);
        foreach (var diagnostic in config.Diagnostics)
        {
            _log.Warn($"Skipped config layer: {diagnostic}");
        }
        var today = DateOnly.FromDateTime(_time.GetUtcNow().UtcDateTime);
        return ExecutePlanner.Plan(new ExecuteInputs(config.Tree, phase, _files.ReadText, _newSalt, today));
    }

    /// <summary>Plans and performs <paramref name="phase"/>; returns the exit status.</summary>
    public async Task<int> RunAsync(ExecutePhase phase, CancellationToken cancellationToken)
    {
        var plan = Plan(phase);
        foreach (var key in plan.Unapplied)
        {
            _log.Warn($"Not applying cloud-config key {key}");
        }
        foreach (var problem in plan.Problems)
        {
            _log.Error(problem);
        }
        var failedGroups = new HashSet<string>(StringComparer.Ordinal);
        var failures = plan.Problems.Count;
        foreach (var step in plan.Steps)
        {
            if (step.Group is { } group && failedGroups.Contains(group))
            {
                _log.Info($"Skipping: {step.Describe()} (an earlier {group} step failed)");
                continue;
            }
            var error = await PerformAsync(step, cancellationToken).ConfigureAwait(false);
            if (error is null)
            {
                _log.Info(step.Describe());
                continue;
            }
            failures++;
            _log.Error($"Failed: {step.Describe()}: {error}, continuing");
            if (step.Group is { } failed)
            {
                failedGroups.Add(failed);
            }
        }
        _log.Notice($"cloud-init-execute ({phase}) done: {plan.Steps.Count} steps, {failures} failed, {plan.Unapplied.Count} keys not applied");
        return failures == 0 ? 0 : 1;
    }

    private async Task<string?> PerformAsync(ExecuteStep step, CancellationToken cancellationToken)
    {
        try
        {
            switch (step)
            {
                case ExecuteStep.WriteFile w:
                    _host.WriteFile(w.Path, w.Content, w.Mode, w.Uid, w.Gid);
                    return null;
                case ExecuteStep.MakeDirectory d:
                    _host.MakeDirectory(d.Path, d.Mode, d.Uid, d.Gid);
                    return null;
                case ExecuteStep.WriteKernelSetting k:
                    _host.WriteInPlace(k.Path, k.Value);
                    return null;
                case ExecuteStep.Symlink l:
                    if (!_host.Exists(l.Target))
                    {
                        return $"'{l.Target}' does not exist";
                    }
                    _host.ReplaceSymlink(l.Link, l.Target);
                    return null;
                case ExecuteStep.SetHostname h:
                    if (_host.IsRooted)
                    {
                        // A rooted run (tests, install trees) must not rename the machine it runs on.
                        _log.Info($"Not calling sethostname('{h.Name}') under the root '{_host.Resolve("/")}'");
                        return null;
                    }
                    var result = _syscalls.SetHostname(h.Name);
                    return result.IsOk ? null : result.ErrnoName;
                case ExecuteStep.Run r:
                    var program = r.Argv[0].StartsWith('/') && _host.IsRooted && _host.Exists(r.Argv[0]) ? _host.Resolve(r.Argv[0]) : r.Argv[0];
                    var (exit, output) = await _runner.RunAsync(program, r.Argv.Skip(1).ToList(), CommandTimeout, cancellationToken).ConfigureAwait(false);
                    return exit == 0 ? null : $"exit status {exit}{(output.Length > 0 ? ": " + Tail(output) : "")}";
                default:
                    return $"unknown step {step.GetType().Name}";
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return e.Message;
        }
    }

    private static string Tail(string output)
    {
        var text = output.Trim().Replace('\n', ' ');
        return text.Length > 300 ? "…" + text[^300..] : text;
    }
}
