using System.Globalization;
using InitOS.Boot.Logging;
using InitOS.Core.Ports;
using InitOS.Core.Services;

namespace InitOS.Boot.Services;

/// <summary>
/// Watches the long-running services after they were started: a first check once they had time to settle
/// (the boot summary: every service up, or which fail and why), then a check at every interval, which
/// reports a service once when it starts failing (exit status, reason, last output; the engine keeps
/// restarting it with its back-off) and once when it recovers. Errors of a check are logged and the watch
/// goes on.
/// </summary>
public sealed class ServiceWatch
{
    private readonly IContainerEngine _system;
    private readonly Func<CancellationToken, Task<IContainerEngine>> _user;
    private readonly BootLogger _log;
    private readonly TimeProvider _time;
    private readonly HashSet<string> _failing = new(StringComparer.Ordinal);

    /// <summary>Creates the watch over the system engine and (once it answers) the user engine.</summary>
    public ServiceWatch(IContainerEngine system, Func<CancellationToken, Task<IContainerEngine>> user, BootLogger log, TimeProvider time)
    {
        _system = system;
        _user = user;
        _log = log;
        _time = time;
    }

    /// <summary>How long services get before the first check.</summary>
    public TimeSpan Settle { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>The time between later checks.</summary>
    public TimeSpan Interval { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Runs the watch until <paramref name="cancellationToken"/> ends it.</summary>
    public async Task RunAsync(IReadOnlyList<ServiceDefinition> services, CancellationToken cancellationToken)
    {
        await Task.Delay(Settle, _time, cancellationToken).ConfigureAwait(false);
        var watched = services.Where(s => s.Detach && !s.CreateOnly).ToList();
        var failures = await CheckAsync(watched, cancellationToken).ConfigureAwait(false);
        _log.Info(failures.Count == 0
            ? string.Create(CultureInfo.InvariantCulture, $"Service check: all {watched.Count} services up")
            : string.Create(CultureInfo.InvariantCulture, $"Service check: {watched.Count - failures.Count} of {watched.Count} services up, failing: {string.Join(", ", failures.Keys)}"));
        while (true)
        {
            await Task.Delay(Interval, _time, cancellationToken).ConfigureAwait(false);
            await CheckAsync(watched, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>One check: reports changes, returns the failing services with their failure.</summary>
    public async Task<IReadOnlyDictionary<string, string>> CheckAsync(IReadOnlyList<ServiceDefinition> services, CancellationToken cancellationToken)
    {
        var failures = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var service in services)
        {
            try
            {
                var engine = service.Scope == ServiceScope.System ? _system : await _user(cancellationToken).ConfigureAwait(false);
                var container = await engine.InspectAsync(service.Name, cancellationToken).ConfigureAwait(false);
                var failure = ServiceHealth.Failure(service, container);
                if (failure is not null && container is not null)
                {
                    var output = await engine.LogsAsync(container.Id, cancellationToken).ConfigureAwait(false);
                    failure = ServiceHealth.Failure(service, container, output.Length > 4096 ? output[^4096..] : output);
                }
                if (failure is null)
                {
                    if (_failing.Remove(service.Name))
                    {
                        _log.Info($"Service '{service.Name}' is up again");
                    }
                    continue;
                }
                failures[service.Name] = failure;
                if (_failing.Add(service.Name))
                {
                    _log.Error($"Service '{service.Name}' is failing: {failure}; the engine restarts it with back-off");
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                _log.Warn($"Cannot check service '{service.Name}': {e.Message}, continuing");
            }
        }
        return failures;
    }
}
