using System.Collections.Concurrent;
using InitOS.Core.Boot;
using InitOS.Core.Control;

namespace InitOS.TestKit;

/// <summary>
/// <see cref="IInitControl"/> standing in for PID 1: services in a dictionary whose state the jobs change, a scripted
/// OS transaction, and switches for the failures a client must handle (unreachable, no such service, a failing or
/// throwing job, a job or transaction held open).
/// </summary>
public sealed class FakeInitControl : IInitControl
{
    /// <summary>An init serving <paramref name="services"/>.</summary>
    public FakeInitControl(params ServiceState[] services)
    {
        foreach (var s in services)
        {
            Services[s.Name] = s;
        }
    }

    /// <summary>The services by name; jobs change their state.</summary>
    public ConcurrentDictionary<string, ServiceState> Services { get; } = new(StringComparer.Ordinal);

    /// <summary>What <see cref="StatusAsync"/> answers.</summary>
    public InitStatus Status { get; set; } = new("1.2.3", "A", "running", 123456);

    /// <summary>The jobs run, in order.</summary>
    public ConcurrentQueue<(string Service, ServiceJob Job)> Jobs { get; } = new();

    /// <summary>What <see cref="BootTimelineAsync"/> answers.</summary>
    public List<BootMark> Timeline { get; } = [];

    /// <summary>When set, every call fails NotReady with this reason, as when the socket cannot be reached.</summary>
    public string? Unreachable { get; set; }

    /// <summary>Up jobs on this service fail the first time.</summary>
    public string? FailUpOnce { get; set; }

    /// <summary>Services whose jobs throw (the init's bug, not an outcome): <c>image 'IMAGE' not found</c>.</summary>
    public HashSet<string> Throwing { get; } = new(StringComparer.Ordinal);

    /// <summary>When set, jobs wait for it (tests release it to let a job end).</summary>
    public TaskCompletionSource? Gate { get; set; }

    /// <summary>What <see cref="ReloadAsync"/> answers.</summary>
    public JobOutcome ReloadOutcome { get; set; } = JobOutcome.Done();

    /// <summary>Power requests received, in order.</summary>
    public ConcurrentQueue<PowerAction> PowerRequests { get; } = new();

    /// <summary>The OS transactions asked for, in order.</summary>
    public ConcurrentQueue<OsTransaction> Transactions { get; } = new();

    /// <summary>The lines a transaction reports and how it ends (default: <c>Pulling IMAGE</c> when it names one,
    /// <c>done</c>; done).</summary>
    public Func<OsTransaction, (IReadOnlyList<string> Lines, JobOutcome Outcome)> TransactionScript { get; set; } =
        request => (request.Image is { } image ? [$"Pulling {image}", "done"] : ["done"], JobOutcome.Done());

    /// <summary>When set, a transaction waits for it after its first line (tests release it to let it end).</summary>
    public TaskCompletionSource? TransactionGate { get; set; }

    /// <summary>Set when a transaction's body ends, with how it ended (done, failed, canceled).</summary>
    public TaskCompletionSource<string> TransactionEnded { get; set; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <inheritdoc/>
    public Task<InitStatus> StatusAsync(CancellationToken cancellationToken)
    {
        Reachable();
        return Task.FromResult(Status);
    }

    /// <inheritdoc/>
    public Task<IReadOnlyList<ServiceState>> ListServicesAsync(CancellationToken cancellationToken)
    {
        Reachable();
        return Task.FromResult<IReadOnlyList<ServiceState>>(Services.Values.OrderBy(s => s.Name, StringComparer.Ordinal).ToList());
    }

    /// <inheritdoc/>
    public async Task<JobOutcome> RunServiceJobAsync(string service, ServiceJob job, CancellationToken cancellationToken)
    {
        Reachable();
        if (Gate is { } gate)
        {
            await gate.Task.WaitAsync(cancellationToken);
        }
        var state = Known(service);
        Jobs.Enqueue((service, job));
        if (Throwing.Contains(service))
        {
            throw new InvalidOperationException($"image '{state.Image}' not found");
        }
        if (job == ServiceJob.Up && FailUpOnce == service)
        {
            FailUpOnce = null;
            return JobOutcome.Failed("not up: Failed");
        }
        if (job == ServiceJob.Pull)
        {
            return state.Image.StartsWith("docker.io/", StringComparison.Ordinal)
                ? JobOutcome.Failed("registry docker.io: connection refused")
                : JobOutcome.Done($"pulled {state.Image}");
        }
        var next = job switch
        {
            ServiceJob.Stop => "exited",
            ServiceJob.Remove => "absent",
            _ => "running",
        };
        Services[service] = state with { State = next };
        return JobOutcome.Done(next);
    }

    /// <inheritdoc/>
    public Task<string> ServiceLogsAsync(string service, int lines, CancellationToken cancellationToken)
    {
        Reachable();
        _ = Known(service);
        var all = Enumerable.Range(1, 5).Select(i => $"{service} line {i}").ToList();
        return Task.FromResult(string.Join('\n', lines > 0 ? all.TakeLast(lines) : all) + "\n");
    }

    /// <inheritdoc/>
    public Task<IReadOnlyList<BootMark>> BootTimelineAsync(CancellationToken cancellationToken)
    {
        Reachable();
        return Task.FromResult<IReadOnlyList<BootMark>>(Timeline);
    }

    /// <inheritdoc/>
    public Task<JobOutcome> ReloadAsync(CancellationToken cancellationToken)
    {
        Reachable();
        return Task.FromResult(ReloadOutcome);
    }

    /// <inheritdoc/>
    public Task RequestPowerAsync(PowerAction action, CancellationToken cancellationToken)
    {
        Reachable();
        PowerRequests.Enqueue(action);
        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public async Task<JobOutcome> RunOsTransactionAsync(OsTransaction request, Action<string> progress, CancellationToken cancellationToken)
    {
        Reachable();
        Transactions.Enqueue(request);
        var (lines, outcome) = TransactionScript(request);
        try
        {
            for (var i = 0; i < lines.Count; i++)
            {
                if (i == 1 && TransactionGate is { } gate)
                {
                    await gate.Task.WaitAsync(cancellationToken);
                }
                progress(lines[i]);
            }
            TransactionEnded.TrySetResult(outcome.Result);
            return outcome;
        }
        catch (OperationCanceledException)
        {
            TransactionEnded.TrySetResult("canceled");
            throw;
        }
    }

    private ServiceState Known(string service) => Services.TryGetValue(service, out var state)
        ? state
        : throw new ControlException(ControlNames.ErrorNoSuchService,
            $"No service '{service}' (known: {string.Join(", ", Services.Keys.Order(StringComparer.Ordinal))})");

    private void Reachable()
    {
        if (Unreachable is { } reason)
        {
            throw new ControlException(ControlNames.ErrorNotReady, $"cannot reach the init at {ControlNames.SocketPath}: {reason}");
        }
    }
}
