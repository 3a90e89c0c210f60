using System.Collections.Concurrent;
using InitOS.Boot.Logging;
using InitOS.Core.Boot;
using InitOS.Core.Ports;
using InitOS.Core.Services;
using InitOS.Core.Timing;

namespace InitOS.Boot.Services;

/// <summary>
/// Brings services up on their engines in dependency order: every service starts concurrently and first
/// waits for the services it depends on; one-shots (<c>detach: false</c>) count as done once they exited;
/// <c>createonly</c> ones are created, never started; existing containers are kept, recreated or kept
/// stale per <see cref="Reconcile"/>. A missing image is pulled from its registry (with the credentials of
/// <c>rancher.registry_auths</c>), bounded by <see cref="PullTimeout"/>; a failed pull fails that service alone.
/// </summary>
public sealed class ServiceOrchestrator
{
    private readonly IContainerEngine _system;
    private readonly Func<CancellationToken, Task<IContainerEngine>> _user;
    private readonly BootLogger _log;
    private readonly ConcurrentDictionary<string, bool> _oneShotsDone = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _shimGroups = new(StringComparer.Ordinal);

    /// <summary>The annotation that makes containers share one runc shim (containerd's runc v2 shim grouping).</summary>
    public const string ShimGroupAnnotation = "io.containerd.runc.v2.group";

    /// <summary>Creates the orchestrator. <paramref name="userEngine"/> returns the user engine once it answers.</summary>
    public ServiceOrchestrator(IContainerEngine systemEngine, Func<CancellationToken, Task<IContainerEngine>> userEngine, BootLogger log)
    {
        _system = systemEngine;
        _user = userEngine;
        _log = log;
    }

    /// <summary>
    /// When true (the default), a one-shot that already completed during this boot is not run again
    /// (after an engine restart the services are brought up again, one-shots excepted).
    /// </summary>
    public bool RunOneShotsOnce { get; init; } = true;

    /// <summary>
    /// How long a one-shot is waited for before its dependants go on without it (it keeps running); no wait
    /// of the boot is unbounded, so a hung one-shot cannot keep the console from starting.
    /// </summary>
    public TimeSpan OneShotTimeout { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>The credentials for an image's registry (null: none); by default none.</summary>
    public Func<string, RegistryCredentials?> Credentials { get; init; } = _ => null;

    /// <summary>How long a running container being recreated gets to stop before it is killed.</summary>
    public TimeSpan StopTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How long one image pull may take.</summary>
    public TimeSpan PullTimeout { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>The clock of <see cref="PullTimeout"/> and <see cref="OneShotTimeout"/>.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>
    /// Brings up one service alone (its dependencies are not waited for): creates or recreates its container as
    /// <see cref="Reconcile"/> decides (always recreates with <paramref name="recreate"/>), pulling the image
    /// when absent, and starts it.
    /// </summary>
    public async Task<ServiceOutcome> UpOneAsync(ServiceDefinition service, bool recreate, CancellationToken cancellationToken)
    {
        var engine = service.Scope == ServiceScope.System ? _system : await _user(cancellationToken).ConfigureAwait(false);
        if (recreate && await engine.InspectAsync(service.Name, cancellationToken).ConfigureAwait(false) is { } old)
        {
            if (old.IsRunning)
            {
                await engine.StopAsync(old.Id, StopTimeout, cancellationToken).ConfigureAwait(false);
            }
            await engine.RemoveAsync(old.Id, cancellationToken).ConfigureAwait(false);
        }
        return await EnsureAsync(engine, service, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Pulls <paramref name="image"/> into <paramref name="engine"/> with the registry's credentials, bounded by <see cref="PullTimeout"/>.</summary>
    public async Task PullAsync(IContainerEngine engine, string image, CancellationToken cancellationToken)
    {
        using var bounded = new Deadline(PullTimeout, Time, cancellationToken);
        try
        {
            await engine.PullAsync(image, Credentials(image), bounded.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"pulling '{image}' from {RegistryAuths.RegistryOf(image)} did not finish within {PullTimeout.TotalSeconds:0} s");
        }
    }

    /// <summary>Brings up <paramref name="services"/>; returns each service's outcome.</summary>
    public async Task<IReadOnlyDictionary<string, ServiceOutcome>> UpAsync(IReadOnlyList<ServiceDefinition> services, CancellationToken cancellationToken)
    {
        var plan = ServiceGraph.Plan(services);
        foreach (var warning in plan.Warnings)
        {
            _log.Warn(warning);
        }
        var tasks = new Dictionary<string, Task<ServiceOutcome>>(StringComparer.Ordinal);
        var sources = plan.Order.ToDictionary(s => s.Name, _ => new TaskCompletionSource<ServiceOutcome>(TaskCreationOptions.RunContinuationsAsynchronously), StringComparer.Ordinal);
        foreach (var service in plan.Order)
        {
            var deps = plan.DependsOn[service.Name].Select(d => (Name: d, Task: sources[d].Task)).ToList();
            var source = sources[service.Name];
            tasks[service.Name] = Task.Run(async () =>
            {
                try
                {
                    var outcome = await RunOneAsync(service, deps, cancellationToken).ConfigureAwait(false);
                    source.TrySetResult(outcome);
                    return outcome;
                }
                catch (Exception e)
                {
                    _log.Error($"Failed to bring up service '{service.Name}': {e.Message}");
                    source.TrySetResult(ServiceOutcome.Failed);
                    return ServiceOutcome.Failed;
                }
            }, CancellationToken.None);
        }
        await Task.WhenAll(tasks.Values).ConfigureAwait(false);
        var outcomes = tasks.ToDictionary(p => p.Key, p => p.Value.Result, StringComparer.Ordinal);
        foreach (var name in plan.Disabled)
        {
            // named in the cycle warning above; counted as not up
            outcomes[name] = ServiceOutcome.Failed;
        }
        return outcomes;
    }

    private async Task<ServiceOutcome> RunOneAsync(ServiceDefinition service, List<(string Name, Task<ServiceOutcome> Task)> deps, CancellationToken cancellationToken)
    {
        foreach (var (name, task) in deps)
        {
            var outcome = await task.ConfigureAwait(false);
            if (outcome is ServiceOutcome.Failed or ServiceOutcome.Skipped)
            {
                var why = $"dependency '{name}' {(outcome == ServiceOutcome.Failed ? "failed" : "was skipped")}";
                if (ServiceGraph.StartsDespiteFailedDependency(service.Name))
                {
                    _log.Warn($"Starting service '{service.Name}' although {why}: a host always reaches a console");
                    continue;
                }
                _log.Warn($"Not starting service '{service.Name}': {why}");
                return ServiceOutcome.Skipped;
            }
        }
        // the service's own time (after its dependencies) goes to the timeline `ros boot analyze` reads
        var start = _log.Now;
        var result = StepResult.Failed;
        try
        {
            var engine = service.Scope == ServiceScope.System ? _system : await _user(cancellationToken).ConfigureAwait(false);
            var outcome = await EnsureAsync(engine, service, cancellationToken).ConfigureAwait(false);
            result = outcome == ServiceOutcome.CompletedWithError ? StepResult.Degraded : StepResult.Ok;
            return outcome;
        }
        finally
        {
            _log.Write(SyslogLevel.Info, StepLine.Service(service.Name, start, _log.Now - start, result));
        }
    }

    private async Task<ServiceOutcome> EnsureAsync(IContainerEngine engine, ServiceDefinition service, CancellationToken cancellationToken)
    {
        var spec = ServiceHash.WithHash(service.Spec);
        var hash = spec.Labels[ServiceLabels.ConfigHash];
        var existing = await engine.InspectAsync(service.Name, cancellationToken).ConfigureAwait(false);
        var action = Reconcile.Decide(service, existing, hash);
        string id;
        switch (action)
        {
            case ReconcileAction.Keep:
                id = existing!.Id;
                break;
            case ReconcileAction.KeepStale:
                id = existing!.Id;
                _log.Warn($"Service '{service.Name}' needs rebuilding (its definition changed and it is marked not to rebuild), keeping the existing container");
                break;
            default:
                if (!await engine.ImageExistsAsync(spec.Image, cancellationToken).ConfigureAwait(false))
                {
                    _log.Info($"Pulling '{spec.Image}' for service '{service.Name}' from {RegistryAuths.RegistryOf(spec.Image)}");
                    await PullAsync(engine, spec.Image, cancellationToken).ConfigureAwait(false);
                }
                if (action == ReconcileAction.Recreate)
                {
                    _log.Info($"Recreating service '{service.Name}' (definition changed, another console or rebuild=always)");
                    if (existing!.IsRunning)
                    {
                        // its processes get their SIGTERM first (a user engine stops its containers cleanly)
                        await engine.StopAsync(existing.Id, StopTimeout, cancellationToken).ConfigureAwait(false);
                    }
                    await engine.RemoveAsync(existing.Id, cancellationToken).ConfigureAwait(false);
                }
                id = await engine.CreateAsync(spec, cancellationToken).ConfigureAwait(false);
                existing = null;
                break;
        }
        if (service.CreateOnly)
        {
            _log.Info($"Service '{service.Name}' created");
            return ServiceOutcome.Created;
        }
        if (!service.Detach)
        {
            if (RunOneShotsOnce && _oneShotsDone.ContainsKey(service.Name))
            {
                return ServiceOutcome.Completed;
            }
            await StartInGroupAsync(engine, id, spec, cancellationToken).ConfigureAwait(false);
            long code;
            using (var bounded = new Deadline(OneShotTimeout, Time, cancellationToken))
            {
                try
                {
                    code = await engine.WaitAsync(id, bounded.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    _oneShotsDone[service.Name] = true;
                    _log.Warn($"One-shot service '{service.Name}' still runs after {OneShotTimeout.TotalSeconds:0} s, going on without waiting for it");
                    _log.Progress(StepResult.Degraded, $"Ran {service.Name}");
                    return ServiceOutcome.CompletedWithError;
                }
            }
            _oneShotsDone[service.Name] = true;
            if (code != 0)
            {
                _log.Warn($"One-shot service '{service.Name}' exited with status {code}, continuing");
                _log.Progress(StepResult.Degraded, $"Ran {service.Name}");
                return ServiceOutcome.CompletedWithError;
            }
            _log.Progress(StepResult.Ok, $"Ran {service.Name}");
            return ServiceOutcome.Completed;
        }
        if (existing is not { IsRunning: true })
        {
            await StartInGroupAsync(engine, id, spec, cancellationToken).ConfigureAwait(false);
        }
        _log.Progress(StepResult.Ok, $"Started {service.Name}");
        return ServiceOutcome.Running;
    }

    /// <summary>
    /// Starts a container; the starts of containers that share a runc shim (<see cref="ShimGroupAnnotation"/>) go one
    /// at a time per engine: two at once race in containerd's shim manager, and the loser fails with "remove
    /// pre-existing socket" (seen at boot when syslog and acpid started together).
    /// </summary>
    private async Task StartInGroupAsync(IContainerEngine engine, string id, ContainerSpec spec, CancellationToken cancellationToken)
    {
        if (!spec.Annotations.TryGetValue(ShimGroupAnnotation, out var group) || group.Length == 0)
        {
            await engine.StartAsync(id, cancellationToken).ConfigureAwait(false);
            return;
        }
        var gate = _shimGroups.GetOrAdd(engine.Endpoint + "\n" + group, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await engine.StartAsync(id, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _ = gate.Release();
        }
    }

    /// <summary>
    /// Stops the services' containers in reverse start order (dependants first), each bounded by
    /// <paramref name="timeout"/>; errors are logged and the next one is stopped.
    /// </summary>
    public async Task StopAsync(IReadOnlyList<ServiceDefinition> services, ServiceScope scope, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var plan = ServiceGraph.Plan(services);
        var engine = scope == ServiceScope.System ? _system : null;
        foreach (var service in plan.Order.Reverse().Where(s => s.Scope == scope))
        {
            try
            {
                engine ??= await _user(cancellationToken).ConfigureAwait(false);
                await engine.StopAsync(service.Name, timeout, cancellationToken).ConfigureAwait(false);
                _log.Progress(StepResult.Ok, $"Stopped {service.Name}");
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                _log.Warn($"Failed to stop service '{service.Name}': {e.Message}, continuing");
            }
        }
    }
}
