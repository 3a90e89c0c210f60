using InitOS.Core.Boot;
using InitOS.Core.CloudInit;
using InitOS.Core.Ports;

namespace InitOS.CloudInit;

/// <summary>
/// Performs <see cref="ExecuteStep"/>s through the ports; shared by <c>cloud-init-execute</c> (PID 1's root) and
/// <c>console-init</c> (the console's root). Returns an error text instead of throwing for the expected failures
/// (I/O, permissions, a failing command).
/// </summary>
public sealed class StepPerformer
{
    private readonly IHostFiles _host;
    private readonly ISyscalls? _syscalls;
    private readonly IProgramRunner _runner;
    private readonly CloudInitLog _log;

    /// <summary>Creates the performer; without <paramref name="syscalls"/> a <see cref="ExecuteStep.SetHostname"/> step fails.</summary>
    public StepPerformer(IHostFiles host, ISyscalls? syscalls, IProgramRunner runner, CloudInitLog log)
    {
        _host = host;
        _syscalls = syscalls;
        _runner = runner;
        _log = log;
    }

    /// <summary>Bound for each command.</summary>
    public TimeSpan CommandTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Performs the steps in order, logging each; a failed step is logged and the rest continue, except later steps
    /// of its <see cref="ExecuteStep.Group"/>. Returns the number of failed steps.
    /// </summary>
    public async Task<int> PerformAllAsync(IReadOnlyList<ExecuteStep> steps, CancellationToken cancellationToken)
    {
        var failedGroups = new HashSet<string>(StringComparer.Ordinal);
        var failures = 0;
        foreach (var step in steps)
        {
            if (step.Group is { } group && failedGroups.Contains(group))
            {
                _log.Info($"Skipping: {Redact.Text(step.Describe())} (an earlier {group} step failed)");
                continue;
            }
            var error = await PerformAsync(step, cancellationToken).ConfigureAwait(false);
            if (error is null)
            {
                _log.Info(step.Describe());
                continue;
            }
            failures++;
            _log.Error($"Failed: {Redact.Text(step.Describe())}: {Redact.Text(error)}, continuing");
            if (step.Group is { } failed)
            {
                failedGroups.Add(failed);
            }
        }
        return failures;
    }

    /// <summary>Performs one step; <c>null</c> on success, else why it failed.</summary>
    public async Task<string?> PerformAsync(ExecuteStep step, CancellationToken cancellationToken)
    {
        try
        {
            switch (step)
            {
                case ExecuteStep.WriteFile w:
                    _host.WriteFile(w.Path, w.Content, w.Mode, w.Uid, w.Gid);
                    return null;
                case ExecuteStep.RewriteInPlace r:
                    _host.RewriteInPlace(r.Path, r.Content);
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
                    if (_syscalls is null)
                    {
                        return "sethostname is not available here";
                    }
                    var result = _syscalls.SetHostname(h.Name);
                    return result.IsOk ? null : result.ErrnoName;
                case ExecuteStep.Run r:
                    var program = r.Argv[0].StartsWith('/') && _host.IsRooted && _host.Exists(r.Argv[0]) ? _host.Resolve(r.Argv[0]) : r.Argv[0];
                    var arguments = r.Argv.Skip(1).Select(a => _host.IsRooted && a.StartsWith('/') && r.MapArguments ? _host.Resolve(a) : a).ToList();
                    var (exit, output) = await _runner.RunAsync(program, arguments, CommandTimeout, cancellationToken).ConfigureAwait(false);
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
