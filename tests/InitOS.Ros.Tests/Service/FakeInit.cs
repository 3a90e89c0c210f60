using InitOS.Core.Boot;
using InitOS.Core.Control;

namespace InitOS.Ros.Tests.Service;

/// <summary>An init with a few services whose jobs change their state, standing in for PID 1 behind the control API.</summary>
internal sealed class FakeInit : IInitControl
{
    public Dictionary<string, ServiceState> Services { get; } = new(StringComparer.Ordinal)
    {
        ["console"] = new("console", "system", "running", "initos/os-console:1", "up 5 min", true),
        ["cron"] = new("cron", "system", "absent", "docker.io/initos/cron:1", "", true),
        ["ntp"] = new("ntp", "system", "exited", "initos/os-base:1", "exit 0", true),
    };

    public List<(string Service, ServiceJob Job)> Jobs { get; } = [];

    public List<BootMark> Timeline { get; } = [];

    public string? Unreachable { get; set; }

    /// <summary>Up jobs on this service fail the first time.</summary>
    public string? FailUpOnce { get; set; }

    /// <summary>The OS transactions asked for, in order.</summary>
    public List<OsTransaction> Transactions { get; } = [];

    /// <summary>The lines a transaction reports, and how it ends.</summary>
    public (string[] Lines, JobOutcome Outcome) TransactionScript { get; set; } = (["Pulling x", "done"], JobOutcome.Done());

    public Task<InitStatus> StatusAsync(CancellationToken cancellationToken)
    {
        Reachable();
        return Task.FromResult(new InitStatus("1.0.0", "A", "running", 1000));
    }

    public Task<JobOutcome> RunOsTransactionAsync(OsTransaction request, Action<string> progress, CancellationToken cancellationToken)
    {
        Reachable();
        Transactions.Add(request);
        foreach (var line in TransactionScript.Lines)
        {
            progress(line);
        }
        return Task.FromResult(TransactionScript.Outcome);
    }

    public Task<IReadOnlyList<ServiceState>> ListServicesAsync(CancellationToken cancellationToken)
    {
        Reachable();
        return Task.FromResult<IReadOnlyList<ServiceState>>(Services.Values.OrderBy(s => s.Name, StringComparer.Ordinal).ToList());
    }

    public Task<JobOutcome> RunServiceJobAsync(string service, ServiceJob job, CancellationToken cancellationToken)
    {
        Reachable();
        if (!Services.TryGetValue(service, out var state))
        {
            throw new ControlException(ControlNames.ErrorNoSuchService, $"no service '{service}'; the configuration defines: {string.Join(", ", Services.Keys)}");
        }
        Jobs.Add((service, job));
        if (job == ServiceJob.Up && FailUpOnce == service)
        {
            FailUpOnce = null;
            return Task.FromResult(JobOutcome.Failed("not up: Failed"));
        }
        if (job == ServiceJob.Pull && state.Image.StartsWith("docker.io/", StringComparison.Ordinal))
        {
            return Task.FromResult(JobOutcome.Failed("registry docker.io: connection refused"));
        }
        var next = job switch
        {
            ServiceJob.Up or ServiceJob.Start or ServiceJob.Restart => "running",
            ServiceJob.Stop => "exited",
            ServiceJob.Remove => "absent",
            _ => state.State,
        };
        Services[service] = state with { State = next };
        return Task.FromResult(JobOutcome.Done(job == ServiceJob.Pull ? $"pulled {state.Image}" : next));
    }

    public Task<string> ServiceLogsAsync(string service, int lines, CancellationToken cancellationToken)
    {
        Reachable();
        var all = Enumerable.Range(1, 5).Select(i => $"{service} line {i}").ToList();
        return Task.FromResult(string.Join('\n', lines > 0 ? all.TakeLast(lines) : all) + "\n");
    }

    public Task<IReadOnlyList<BootMark>> BootTimelineAsync(CancellationToken cancellationToken)
    {
        Reachable();
        return Task.FromResult<IReadOnlyList<BootMark>>(Timeline);
    }

    public Task<JobOutcome> ReloadAsync(CancellationToken cancellationToken) => Task.FromResult(JobOutcome.Done());

    public Task RequestPowerAsync(PowerAction action, CancellationToken cancellationToken) => Task.CompletedTask;

    private void Reachable()
    {
        if (Unreachable is { } reason)
        {
            throw new ControlException(ControlNames.ErrorNotReady, $"cannot reach the init at {ControlNames.SocketPath}: {reason}");
        }
    }
}
