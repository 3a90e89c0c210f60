using System.Globalization;
using InitOS.Boot.Services;
using InitOS.Core.Boot;
using InitOS.Core.Config;
using InitOS.Core.Control;
using InitOS.Core.Ports;
using InitOS.Core.Services;
using InitOS.Core.Timing;

namespace InitOS.Boot;

/// <summary>
/// The control API's side in PID 1 (<see cref="IInitControl"/>): status, the services and their jobs, the boot
/// timeline, configuration reload and power. The platform serves it on D-Bus; nothing here knows D-Bus.
/// </summary>
public sealed partial class InitRuntime
{
    private volatile string _phase = "booting";
    private ControlApi? _control;

    /// <summary>The control API of this runtime (served once the early mounts give it a <c>/run</c>).</summary>
    public IInitControl Control => _control ??= new ControlApi(this);

    private IAsyncDisposable? _controlServer;

    /// <summary>Step serve-control: the API answers from the first second (requests needing the services say they are not ready yet).</summary>
    private async Task<StepResult> ServeControlAsync(CancellationToken cancellationToken)
    {
        if (_ports.ServeControl is not { } serve)
        {
            return StepResult.Ok;
        }
        try
        {
            _controlServer = await serve(Control, text => _log.Info($"Control API: {text}"), cancellationToken).ConfigureAwait(false);
            return StepResult.Ok;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // the boot goes on; the API is tried again in the background (a host must not lose its control plane
            // to an early-boot failure)
            _log.Warn($"The control API could not be served yet ({e.GetType().Name}: {e.Message}), trying again in the background");
            _ = Background.Run("serve-control", _log, () => RetryServeControlAsync(serve, cancellationToken));
            return StepResult.Degraded;
        }
    }

    private async Task RetryServeControlAsync(Func<IInitControl, Action<string>, CancellationToken, Task<IAsyncDisposable>> serve, CancellationToken cancellationToken)
    {
        for (var attempt = 1; attempt <= 30; attempt++)
        {
            await Task.Delay(TimeSpan.FromSeconds(2), _time, cancellationToken).ConfigureAwait(false);
            try
            {
                _controlServer = await serve(Control, text => _log.Info($"Control API: {text}"), cancellationToken).ConfigureAwait(false);
                _log.Notice($"Serving the control API on {ControlNames.SocketPath} (attempt {attempt + 1})");
                return;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                if (attempt == 30)
                {
                    _log.Error($"The control API could not be served: {e.GetType().Name}: {e.Message}; ros commands that need the init will say so");
                }
            }
        }
    }

    /// <summary>The orderly shutdown, from wherever it is asked for.</summary>
    private Task ShutdownAsync(PowerAction action)
    {
        _phase = "stopping";
        return _shutdown.RunAsync(action, _engine, _orchestrator, _services);
    }

    private sealed class ControlApi(InitRuntime init) : IInitControl
    {
        private readonly SemaphoreSlim _reload = new(1, 1);
        private readonly SemaphoreSlim _osTransaction = new(1, 1);
        private string _osTransactionTitle = "";

        public async Task<JobOutcome> RunOsTransactionAsync(OsTransaction request, Action<string> progress, CancellationToken cancellationToken)
        {
            if (init._ports.RunOsTransaction is not { } run)
            {
                throw new ControlException(ControlNames.ErrorNotReady, "this init runs no OS transactions");
            }
            if (init._phase == "stopping")
            {
                throw new ControlException(ControlNames.ErrorBusy, $"a shutdown is under way; no {request.Kind} now");
            }
            if (!await _osTransaction.WaitAsync(0, cancellationToken).ConfigureAwait(false))
            {
                throw new ControlException(ControlNames.ErrorBusy, OsTransaction.BusyMessage(_osTransactionTitle));
            }
            try
            {
                _osTransactionTitle = request.Title;
                init._log.Notice($"OS transaction '{request.Title}' started through the control API");
                var outcome = await run(request, progress, cancellationToken).ConfigureAwait(false);
                string detail = outcome.Message.Length == 0 ? "" : $": {outcome.Message}";
                if (outcome.Succeeded)
                {
                    init._log.Notice($"OS transaction '{request.Title}' done{detail}");
                }
                else
                {
                    init._log.Warn($"OS transaction '{request.Title}' {outcome.Result}{detail}");
                }
                return outcome;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                init._log.Warn($"OS transaction '{request.Title}' canceled");
                throw;
            }
            finally
            {
                _osTransaction.Release();
            }
        }

        public Task<InitStatus> StatusAsync(CancellationToken cancellationToken) =>
            Task.FromResult(new InitStatus(init.ImageVersion(), init._bootedSlot?.ToString() ?? "", init._phase, init._log.Now));

        public Task<IReadOnlyList<BootMark>> BootTimelineAsync(CancellationToken cancellationToken) =>
            Task.FromResult(init._log.Timeline);

        public Task RequestPowerAsync(PowerAction action, CancellationToken cancellationToken)
        {
            if (init._phase == "stopping")
            {
                throw new ControlException(ControlNames.ErrorBusy, "a shutdown is already under way");
            }
            init._log.Notice($"Shutdown to {action} requested through the control API");
            if (!init._events.Writer.TryWrite(new SystemEvent(SystemEventKind.ShutdownRequested, Action: action)))
            {
                throw new ControlException(ControlNames.ErrorNotReady, "the init is not taking requests");
            }
            return Task.CompletedTask;
        }

        public async Task<IReadOnlyList<ServiceState>> ListServicesAsync(CancellationToken cancellationToken)
        {
            var system = Ready();
            var (services, _) = init.BuildServices(BootSettings.Read(ConfigLoader.Load(init._ports.Files)));
            var user = await UserEngineOrNullAsync(cancellationToken).ConfigureAwait(false);
            var result = new List<ServiceState>();
            foreach (var service in services)
            {
                var engine = service.Scope == ServiceScope.System ? system : user;
                var info = engine is null ? null : await engine.InspectAsync(service.Name, cancellationToken).ConfigureAwait(false);
                var state = info?.State ?? (engine is null ? "unknown" : "absent");
                result.Add(new ServiceState(service.Name, Scope(service.Scope), state, service.Spec.Image, Detail(service, info, init._time.GetUtcNow()), true));
            }
            // containers of the os project that no service of the configuration defines any more
            var defined = services.Select(s => s.Name).ToHashSet(StringComparer.Ordinal);
            foreach (var info in await system.ListAsync($"{ServiceLabels.Project}={ServiceLabels.ProjectName}", cancellationToken).ConfigureAwait(false))
            {
                if (!defined.Contains(info.Name))
                {
                    result.Add(new ServiceState(info.Name, "system", info.State, info.Image, Detail(null, info, init._time.GetUtcNow()), false));
                }
            }
            return result.OrderBy(s => s.Name, StringComparer.Ordinal).ToList();
        }

        public async Task<JobOutcome> RunServiceJobAsync(string service, ServiceJob job, CancellationToken cancellationToken)
        {
            var system = Ready();
            var orchestrator = init._orchestrator!;
            var definition = await FindAsync(service, system, job, cancellationToken).ConfigureAwait(false);
            var engine = definition.Scope == ServiceScope.System ? system : await init._userEngine!(cancellationToken).ConfigureAwait(false);
            var timeout = init._shutdown.Timeout;
            switch (job)
            {
                case ServiceJob.Pull:
                    await orchestrator.PullAsync(engine, definition.Spec.Image, cancellationToken).ConfigureAwait(false);
                    return JobOutcome.Done($"pulled {definition.Spec.Image}");
                case ServiceJob.Stop:
                    if (await engine.InspectAsync(service, cancellationToken).ConfigureAwait(false) is null)
                    {
                        return new JobOutcome("skipped", $"service '{service}' has no container");
                    }
                    await engine.StopAsync(service, timeout, cancellationToken).ConfigureAwait(false);
                    init._log.Info($"Service '{service}' stopped through the control API");
                    return JobOutcome.Done("stopped");
                case ServiceJob.Remove:
                    if (await engine.InspectAsync(service, cancellationToken).ConfigureAwait(false) is not { } gone)
                    {
                        return new JobOutcome("skipped", $"service '{service}' has no container");
                    }
                    await engine.StopAsync(gone.Id, timeout, cancellationToken).ConfigureAwait(false);
                    await engine.RemoveAsync(gone.Id, cancellationToken).ConfigureAwait(false);
                    init._log.Info($"Service '{service}' removed through the control API");
                    return JobOutcome.Done("removed");
                case ServiceJob.Restart:
                    if (await engine.InspectAsync(service, cancellationToken).ConfigureAwait(false) is { } running)
                    {
                        await engine.StopAsync(running.Id, timeout, cancellationToken).ConfigureAwait(false);
                    }
                    return await StartAsync(orchestrator, engine, definition, "restarted", cancellationToken).ConfigureAwait(false);
                case ServiceJob.Start:
                    return await StartAsync(orchestrator, engine, definition, "started", cancellationToken).ConfigureAwait(false);
                default:
                    var outcome = await orchestrator.UpOneAsync(definition, recreate: false, cancellationToken).ConfigureAwait(false);
                    Track(definition);
                    init._log.Info($"Service '{service}' brought up through the control API: {outcome}");
                    return Result(outcome);
            }
        }

        public async Task<string> ServiceLogsAsync(string service, int lines, CancellationToken cancellationToken)
        {
            var system = Ready();
            var definition = await FindAsync(service, system, ServiceJob.Stop, cancellationToken).ConfigureAwait(false);
            var engine = definition.Scope == ServiceScope.System ? system : await init._userEngine!(cancellationToken).ConfigureAwait(false);
            if (await engine.InspectAsync(service, cancellationToken).ConfigureAwait(false) is not { } info)
            {
                throw new ControlException(ControlNames.ErrorFailed, $"service '{service}' has no container, so no output");
            }
            var text = await engine.LogsAsync(info.Id, cancellationToken).ConfigureAwait(false);
            return Tail(text, lines);
        }

        public async Task<JobOutcome> ReloadAsync(CancellationToken cancellationToken)
        {
            var system = Ready();
            if (init._phase != "running")
            {
                throw new ControlException(ControlNames.ErrorNotReady, $"the init is {init._phase}; reload once the boot is done");
            }
            if (!await _reload.WaitAsync(0, cancellationToken).ConfigureAwait(false))
            {
                throw new ControlException(ControlNames.ErrorBusy, "a reload is already under way");
            }
            try
            {
                _ = system;
                init._log.Notice("Reloading the configuration (control API)");
                var loaded = init.LoadConfig();
                var (services, problems) = init.BuildServices(init._settings);
                foreach (var problem in problems)
                {
                    init._log.Warn(problem);
                }
                var outcomes = await init._orchestrator!.UpAsync(services, cancellationToken).ConfigureAwait(false);
                init._services = services;
                init.WatchServices(services);
                var failed = outcomes.Where(o => o.Value is ServiceOutcome.Failed or ServiceOutcome.Skipped).Select(o => o.Key).Order(StringComparer.Ordinal).ToList();
                var summary = string.Create(CultureInfo.InvariantCulture,
                    $"{outcomes.Count} services, {failed.Count} not up{(failed.Count > 0 ? ": " + string.Join(", ", failed) : "")}; {init._config?.Diagnostics.Count ?? 0} config problems, {problems.Count} service problems");
                init._log.Notice($"Reloaded the configuration: {summary}");
                return failed.Count == 0 && loaded == StepResult.Ok && problems.Count == 0 ? JobOutcome.Done(summary) : JobOutcome.Failed(summary);
            }
            finally
            {
                _reload.Release();
            }
        }

        private async Task<JobOutcome> StartAsync(ServiceOrchestrator orchestrator, IContainerEngine engine, ServiceDefinition definition, string verb, CancellationToken cancellationToken)
        {
            if (await engine.InspectAsync(definition.Name, cancellationToken).ConfigureAwait(false) is { } existing)
            {
                await engine.StartAsync(existing.Id, cancellationToken).ConfigureAwait(false);
                init._log.Info($"Service '{definition.Name}' {verb} through the control API");
                return JobOutcome.Done(verb);
            }
            var outcome = await orchestrator.UpOneAsync(definition, recreate: false, cancellationToken).ConfigureAwait(false);
            Track(definition);
            return Result(outcome);
        }

        /// <summary>A service brought up by hand joins the supervised set (the watch and the shutdown).</summary>
        private void Track(ServiceDefinition definition)
        {
            var services = init._services.Where(s => s.Name != definition.Name).Append(definition).ToList();
            init._services = services;
            init.WatchServices(services);
        }

        private static JobOutcome Result(ServiceOutcome outcome) => outcome switch
        {
            ServiceOutcome.Running => JobOutcome.Done("running"),
            ServiceOutcome.Completed => JobOutcome.Done("ran to completion"),
            ServiceOutcome.Created => JobOutcome.Done("created (createonly: not started)"),
            ServiceOutcome.CompletedWithError => JobOutcome.Failed("the one-shot exited with an error (see its logs)"),
            _ => JobOutcome.Failed($"not up: {outcome}"),
        };

        /// <summary>
        /// The service's definition from the configuration as it is now on disk (so a service enabled a moment ago
        /// is found); a container of the os project that the configuration no longer defines can still be stopped,
        /// removed or read.
        /// </summary>
        private async Task<ServiceDefinition> FindAsync(string name, IContainerEngine system, ServiceJob job, CancellationToken cancellationToken)
        {
            var (services, _) = init.BuildServices(BootSettings.Read(ConfigLoader.Load(init._ports.Files)));
            if (services.FirstOrDefault(s => s.Name == name) is { } found)
            {
                return found;
            }
            if (job is ServiceJob.Stop or ServiceJob.Remove
                && await system.InspectAsync(name, cancellationToken).ConfigureAwait(false) is { } orphan
                && orphan.Labels.GetValueOrDefault(ServiceLabels.Project) == ServiceLabels.ProjectName)
            {
                return new ServiceDefinition(name, new ContainerSpec { Name = name, Image = orphan.Image }, ServiceScope.System, [], [], true, false, false, null);
            }
            throw new ControlException(ControlNames.ErrorNoSuchService,
                $"no service '{name}'; the configuration defines: {string.Join(", ", services.Select(s => s.Name).Order(StringComparer.Ordinal))} (enable a catalogue service with 'ros service enable NAME')");
        }

        private IContainerEngine Ready() =>
            init._systemClient is { } client && init._orchestrator is not null && init._userEngine is not null
                ? client
                : throw new ControlException(ControlNames.ErrorNotReady, "the system services are not started yet; try again once the boot has reached start-services");

        private async Task<IContainerEngine?> UserEngineOrNullAsync(CancellationToken cancellationToken)
        {
            using var quick = new Deadline(TimeSpan.FromSeconds(2), init._time, cancellationToken);
            try
            {
                var user = init._ports.ConnectEngine("unix:///var/run/docker.sock");
                return await user.PingAsync(quick.Token).ConfigureAwait(false) ? user : null;
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return null;
            }
        }

        private static string Scope(ServiceScope scope) => scope == ServiceScope.System ? "system" : "user";

        private static string Detail(ServiceDefinition? service, ContainerInfo? info, DateTimeOffset now)
        {
            var parts = new List<string>();
            if (service is { Detach: false })
            {
                parts.Add("one-shot");
            }
            if (service is { CreateOnly: true })
            {
                parts.Add("create only");
            }
            if (info is not null)
            {
                if (info.State == "running" && info.StartedAt is { } started)
                {
                    parts.Add("up " + Duration(now - started));
                }
                else if (info.State is "exited" or "dead")
                {
                    parts.Add(string.Create(CultureInfo.InvariantCulture, $"exit {info.ExitCode}"));
                }
                if (info.RestartCount > 0)
                {
                    parts.Add(string.Create(CultureInfo.InvariantCulture, $"{info.RestartCount} restarts"));
                }
                if (info.OomKilled)
                {
                    parts.Add("killed: out of memory");
                }
            }
            return string.Join(", ", parts);
        }

        private static string Duration(TimeSpan span) =>
            span.TotalSeconds < 90 ? string.Create(CultureInfo.InvariantCulture, $"{Math.Max(0, (int)span.TotalSeconds)} s")
            : span.TotalMinutes < 90 ? string.Create(CultureInfo.InvariantCulture, $"{(int)span.TotalMinutes} min")
            : span.TotalHours < 48 ? string.Create(CultureInfo.InvariantCulture, $"{(int)span.TotalHours} h")
            : string.Create(CultureInfo.InvariantCulture, $"{(int)span.TotalDays} days");

        private static string Tail(string text, int lines)
        {
            if (lines <= 0)
            {
                return text;
            }
            var all = text.Split('\n');
            var count = all.Length > 0 && all[^1].Length == 0 ? all.Length - 1 : all.Length;
            return string.Join('\n', all.Skip(Math.Max(0, count - lines)));
        }
    }
}
