using InitOS.Core.Boot;
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
            _log.Warn($"Config: {Redact.Text(diagnostic.ToString())}");
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
        var performer = new StepPerformer(_host, _syscalls, _runner, _log) { CommandTimeout = CommandTimeout };
        var failures = plan.Problems.Count + await performer.PerformAllAsync(plan.Steps, cancellationToken).ConfigureAwait(false);
        _log.Notice($"cloud-init-execute ({phase}) done: {plan.Steps.Count} steps, {failures} failed, {plan.Unapplied.Count} keys not applied");
        return failures == 0 ? 0 : 1;
    }
}
