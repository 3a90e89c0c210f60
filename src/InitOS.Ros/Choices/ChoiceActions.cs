using InitOS.Core.Boot;
using InitOS.Core.Config;
using InitOS.Core.Control;
using InitOS.Core.Services;
using InitOS.Ros.Config;

namespace InitOS.Ros.Choices;

/// <summary>
/// <c>ros console</c> and <c>ros engine</c>: list, enable and switch the console or the user engine (one
/// <see cref="AlternativeKind"/> each). The choice is kept in the configuration; switching asks the init to bring the
/// service up again from it, and puts the previous choice back when that fails, so nothing is left half-switched.
/// </summary>
public sealed class ChoiceActions
{
    private readonly RosContext _context;
    private readonly AlternativeKind _kind;
    private readonly ConfigActions _config;

    /// <summary>Creates the actions for one kind.</summary>
    public ChoiceActions(RosContext context, AlternativeKind kind)
    {
        _context = context;
        _kind = kind;
        _config = new ConfigActions(context);
    }

    /// <summary>
    /// RancherOS's list: <c>current  X</c> for the one running, <c>enabled  X</c> for the one configured for the next
    /// start when it differs, <c>disabled X</c> for the others.
    /// </summary>
    public async Task<int> ListAsync(CancellationToken cancellationToken)
    {
        var config = ConfigLoader.Load(_context.System);
        var configured = Configured(config);
        var running = await RunningAsync(config, cancellationToken).ConfigureAwait(false);
        if (running is null)
        {
            _context.Error.WriteLine($"ros: note: the init does not answer, so the running {_kind.Noun} is not known; showing the configured one as current");
            running = configured;
        }
        foreach (var name in Names())
        {
            _context.Out.WriteLine(name == running ? $"current  {name}" : name == configured ? $"enabled  {name}" : $"disabled {name}");
        }
        return 0;
    }

    /// <summary>Sets the choice for the next start of the service and stages its image (best effort).</summary>
    public async Task<int> EnableAsync(string name, CancellationToken cancellationToken)
    {
        Check(name);
        Set(name);
        _context.Out.WriteLine($"{_kind.Key} is now {name}; it takes effect when the {_kind.Noun} is next started ('ros {_kind.Noun} switch {name}' does it now)");
        if (name == Alternatives.Default || _context.Control is null)
        {
            return 0;
        }
        try
        {
            var control = _context.Control();
            await using var _ = control as IAsyncDisposable;
            var pulled = await control.RunServiceJobAsync(_kind.Service, ServiceJob.Pull, cancellationToken).ConfigureAwait(false);
            if (!pulled.Succeeded)
            {
                _context.Error.WriteLine($"ros: note: {pulled.Message}; the image is pulled when the {_kind.Noun} starts");
            }
        }
        catch (ControlException e)
        {
            _context.Error.WriteLine($"ros: note: could not pull the image now ({e.Message}); it is pulled when the {_kind.Noun} starts");
        }
        return 0;
    }

    /// <summary>Switches now: stages the image, then has the init recreate the service; on failure the previous choice is put back.</summary>
    public async Task<int> SwitchAsync(string name, bool force, bool noPull, CancellationToken cancellationToken)
    {
        Check(name);
        var control = _context.Control?.Invoke() ?? throw new RosException("the control API is not available in this build");
        await using var _ = control as IAsyncDisposable;
        var previous = Configured(ConfigLoader.Load(_context.System));
        if (!force && !Confirm(Warning()))
        {
            _context.Error.WriteLine("ros: nothing was switched");
            return 1;
        }
        Set(name);
        try
        {
            if (!noPull && name != Alternatives.Default)
            {
                var pulled = await control.RunServiceJobAsync(_kind.Service, ServiceJob.Pull, cancellationToken).ConfigureAwait(false);
                if (!pulled.Succeeded)
                {
                    throw new RosException($"{_kind.Noun} switch: {pulled.Message}");
                }
            }
            _context.Out.WriteLine($"Switching the {_kind.Noun} to {name}");
            _context.Out.Flush();
            // the console's own ros is ended here when the console is recreated; the init finishes the job
            var up = await control.RunServiceJobAsync(_kind.Service, ServiceJob.Up, cancellationToken).ConfigureAwait(false);
            if (!up.Succeeded)
            {
                throw new RosException($"{_kind.Noun} switch: the {_kind.Noun} {name} did not come up: {up.Message}");
            }
            _context.Out.WriteLine($"The {_kind.Noun} is now {name}");
            return 0;
        }
        catch (Exception e) when (e is RosException or ControlException)
        {
            Set(previous);
            var restored = "";
            try
            {
                var back = await control.RunServiceJobAsync(_kind.Service, ServiceJob.Up, cancellationToken).ConfigureAwait(false);
                restored = back.Succeeded ? $"; {_kind.Key} is {previous} again and it runs" : $"; {_kind.Key} is {previous} again, but bringing it up failed too: {back.Message}";
            }
            catch (ControlException again)
            {
                restored = $"; {_kind.Key} is {previous} again ({again.Message})";
            }
            throw new RosException(e.Message + restored);
        }
    }

    private string Warning() => _kind == Alternatives.Console
        ? "Switching consoles will\n1. destroy the current console container (/home and /opt are kept)\n2. log you out\nContinue [y/N]: "
        : "Switching engines will\n1. stop the user engine and its containers (those with a restart policy start again)\n2. start the new engine on the same data (/var/lib/user-docker)\nContinue [y/N]: ";

    private bool Confirm(string question)
    {
        _context.Out.Write(question);
        _context.Out.Flush();
        return _context.In.ReadLine()?.Trim().ToLowerInvariant() is "y" or "yes";
    }

    private IReadOnlyList<string> Names() => Alternatives.Names(_context.System.ListFiles(_kind.Dir));

    private void Check(string name)
    {
        var names = Names();
        if (!names.Contains(name))
        {
            throw new RosException($"no {_kind.Noun} '{name}'; known: {string.Join(", ", names)}");
        }
        if (name != Alternatives.Default && Alternatives.Definition(_kind, name, _context.System.ReadText) is { Service: null, Problem: { } problem })
        {
            throw new RosException(problem);
        }
    }

    private string Configured(LoadedConfig config) =>
        config.GetString(_kind.Key) is { Length: > 0 } value ? value : Alternatives.Default;

    private void Set(string name) =>
        _config.Update($"{_kind.Noun} switch", tree =>
        {
            var path = _kind.Key.Split('.');
            return ConfigTree.TrySet(tree, path, name) is null;
        });

    /// <summary>The running choice: the one whose image the running service has; null when the init does not answer.</summary>
    private async Task<string?> RunningAsync(LoadedConfig config, CancellationToken cancellationToken)
    {
        if (_context.Control is null)
        {
            return null;
        }
        IReadOnlyList<ServiceState> services;
        try
        {
            var control = _context.Control();
            await using var _ = control as IAsyncDisposable;
            services = await control.ListServicesAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (ControlException)
        {
            return null;
        }
        if (services.FirstOrDefault(s => s.Name == _kind.Service) is not { State: not "absent" } service)
        {
            return null;
        }
        var variables = new Dictionary<string, string>
        {
            ["VERSION"] = OsRelease.Field(_context.System.ReadText("/usr/share/ros/os-release"), "VERSION_ID") ?? BuildInfo.Version.TrimStart('v'),
            ["REGISTRY_DOMAIN"] = config.GetString("rancher.environment.REGISTRY_DOMAIN") is { Length: > 0 } d ? d : RegistryAuths.DockerHub,
        };
        foreach (var name in Names())
        {
            var definition = name == Alternatives.Default
                ? config.GetMap("rancher.services")?.GetValueOrDefault(_kind.Service) as IReadOnlyDictionary<string, object?>
                : Alternatives.Definition(_kind, name, _context.System.ReadText).Service;
            if (definition?.GetValueOrDefault("image") is string image && Substitute(image, variables) == service.Image)
            {
                return name;
            }
        }
        return null;
    }

    private static string Substitute(string image, Dictionary<string, string> variables)
    {
        foreach (var (name, value) in variables)
        {
            image = image.Replace("${" + name + "}", value, StringComparison.Ordinal);
        }
        return image;
    }
}
