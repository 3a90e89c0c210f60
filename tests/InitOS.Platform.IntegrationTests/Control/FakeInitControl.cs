using System.Collections.Concurrent;
using InitOS.Core.Boot;
using InitOS.Core.Control;

namespace InitOS.Platform.IntegrationTests.Control;

/// <summary>
/// A small init with behaviour: services in a dictionary whose state the jobs change; a job can be held open with
/// <see cref="Gate"/>; the service <c>broken</c> fails its jobs; <c>logs</c> of an unknown service is NoSuchService.
/// </summary>
internal sealed class FakeInitControl : IInitControl
{
    private readonly ConcurrentDictionary<string, ServiceState> _services = new(StringComparer.Ordinal);

    public FakeInitControl()
    {
        foreach (var s in new[]
        {
            new ServiceState("console", "system", "running", "initos/console:1", "up 3 min", true),
            new ServiceState("ntp", "system", "exited", "initos/ntp:1", "exit 0", true),
            new ServiceState("broken", "user", "absent", "example/broken", "", true),
        })
        {
            _services[s.Name] = s;
        }
    }

    /// <summary>When set, jobs wait for it (tests release it to let a job end).</summary>
    public TaskCompletionSource? Gate { get; set; }

    /// <summary>Power requests received, in order.</summary>
    public ConcurrentQueue<PowerAction> PowerRequests { get; } = new();

    public Task<InitStatus> StatusAsync(CancellationToken cancellationToken)
        => Task.FromResult(new InitStatus("1.2.3", "A", "running", 123456));

    public Task<IReadOnlyList<ServiceState>> ListServicesAsync(CancellationToken cancellationToken)
        => Task.FromResult<IReadOnlyList<ServiceState>>(_services.Values.OrderBy(s => s.Name, StringComparer.Ordinal).ToList());

    public async Task<JobOutcome> RunServiceJobAsync(string service, ServiceJob job, CancellationToken cancellationToken)
    {
        if (Gate is { } gate)
        {
            await gate.Task.WaitAsync(cancellationToken);
        }
        else
        {
            await Task.Yield();
        }
        if (!_services.TryGetValue(service, out var state))
        {
            throw new ControlException(ControlNames.ErrorNoSuchService, $"No service '{service}'");
        }
        if (service == "broken")
        {
            throw new InvalidOperationException($"image '{state.Image}' not found");
        }
        string next = job switch
        {
            ServiceJob.Stop => "exited",
            ServiceJob.Remove => "absent",
            ServiceJob.Pull => state.State,
            _ => "running",
        };
        _services[service] = state with { State = next };
        return JobOutcome.Done($"{service} {next}");
    }

    public Task<string> ServiceLogsAsync(string service, int lines, CancellationToken cancellationToken)
        => _services.ContainsKey(service)
            ? Task.FromResult(string.Join("\n", Enumerable.Range(1, lines == 0 ? 5 : lines).Select(i => $"{service} line {i}")))
            : throw new ControlException(ControlNames.ErrorNoSuchService, $"No service '{service}' (known: {string.Join(", ", _services.Keys.Order())})");

    public Task<IReadOnlyList<BootMark>> BootTimelineAsync(CancellationToken cancellationToken)
        => Task.FromResult<IReadOnlyList<BootMark>>(
        [
            new BootMark("mount-pseudo-filesystems", "step", 10, 5, "ok"),
            new BootMark("service:console", "service", 900, 120, "degraded"),
            new BootMark("boot-done", "mark", 1500, 0, ""),
        ]);

    public async Task<JobOutcome> ReloadAsync(CancellationToken cancellationToken)
    {
        await Task.Yield();
        return JobOutcome.Done("ntp: recreated");
    }

    public Task RequestPowerAsync(PowerAction action, CancellationToken cancellationToken)
    {
        PowerRequests.Enqueue(action);
        return Task.CompletedTask;
    }

    /// <summary>The OS transactions run, in order.</summary>
    public ConcurrentQueue<OsTransaction> Transactions { get; } = new();

    /// <summary>When set, a transaction waits for it after its first line (tests release it to let it end).</summary>
    public TaskCompletionSource? TransactionGate { get; set; }

    /// <summary>Set when a transaction's body ends, with how it ended (canceled: by its token).</summary>
    public TaskCompletionSource<string> TransactionEnded { get; set; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>
    /// Reports "Pulling IMAGE", then (after <see cref="TransactionGate"/>) ten numbered lines and "Written"; an image
    /// named <c>bad</c> fails with "os upgrade: bad is damaged".
    /// </summary>
    public async Task<JobOutcome> RunOsTransactionAsync(OsTransaction request, Action<string> progress, CancellationToken cancellationToken)
    {
        Transactions.Enqueue(request);
        try
        {
            progress($"Pulling {request.Image}");
            if (TransactionGate is { } gate)
            {
                await gate.Task.WaitAsync(cancellationToken);
            }
            for (int i = 1; i <= 10; i++)
            {
                progress($"      line {i}");
            }
            if (request.Image == "bad")
            {
                TransactionEnded.TrySetResult("failed");
                return JobOutcome.Failed("os upgrade: bad is damaged");
            }
            progress("Written");
            TransactionEnded.TrySetResult("done");
            return JobOutcome.Done();
        }
        catch (OperationCanceledException)
        {
            TransactionEnded.TrySetResult("canceled");
            throw;
        }
    }
}
