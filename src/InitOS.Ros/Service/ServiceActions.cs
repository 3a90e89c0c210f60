using System.Globalization;
using InitOS.Core.Config;
using InitOS.Core.Control;
using InitOS.Core.Services;
using InitOS.Ros.Config;

namespace InitOS.Ros.Service;

/// <summary>
/// <c>ros service</c>: the catalogue and <c>rancher.services_include</c> are edited in the configuration (no
/// running init needed); everything that acts on containers goes to the running init's control API.
/// </summary>
public sealed class ServiceActions
{
    private readonly RosContext _context;
    private readonly ConfigActions _config;

    /// <summary>Creates the actions.</summary>
    public ServiceActions(RosContext context)
    {
        _context = context;
        _config = new ConfigActions(context);
    }

    /// <summary>
    /// <c>ros service list [-a]</c>, RancherOS's format: with <c>--all</c> first <c>enabled  NAME</c> for every
    /// service of the configuration itself, then every catalogue service <c>enabled  X</c> / <c>disabled X</c>,
    /// then included services that are not in the catalogue. The catalogue is the built-in one, the services
    /// downloaded before, and those the repositories' indexes list (when they answer).
    /// </summary>
    public async Task<int> ListAsync(bool all, CancellationToken cancellationToken)
    {
        var config = ConfigLoader.Load(_context.System);
        var includes = config.GetMap("rancher.services_include");
        var enabled = ServiceCatalogue.Enabled(includes).ToHashSet(StringComparer.Ordinal);
        if (all)
        {
            foreach (var name in (config.GetMap("rancher.services")?.Where(p => p.Value is not null).Select(p => p.Key) ?? []).Order(StringComparer.Ordinal))
            {
                _context.Out.WriteLine($"enabled  {name}");
            }
        }
        var catalogue = Catalogue().Union(await RepositoryServicesAsync(config, cancellationToken).ConfigureAwait(false)).Order(StringComparer.Ordinal).ToList();
        foreach (var name in catalogue)
        {
            _context.Out.WriteLine(enabled.Contains(name) ? $"enabled  {name}" : $"disabled {name}");
        }
        foreach (var (name, value) in (includes ?? new Dictionary<string, object?>()).OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            if (!catalogue.Contains(name))
            {
                _context.Out.WriteLine(value is true ? $"enabled  {name}" : $"disabled {name}");
            }
        }
        return 0;
    }

    /// <summary><c>ros service enable NAME...</c>: checks each name, sets <c>services_include.NAME: true</c>, then pulls its images when the init answers.</summary>
    public async Task<int> EnableAsync(IReadOnlyList<string> names, CancellationToken cancellationToken)
    {
        foreach (var name in names)
        {
            await CheckAsync(name, cancellationToken).ConfigureAwait(false);
        }
        _config.Update("service enable", tree => SetIncludes(tree, names, true));
        foreach (var name in names)
        {
            _context.Out.WriteLine($"enabled  {name}");
        }
        // RancherOS stages the images on enable; here that is best effort (the service's first start pulls too)
        var control = TryControl();
        if (control is null)
        {
            return 0;
        }
        await using var _ = control as IAsyncDisposable;
        foreach (var service in names.SelectMany(ServicesOf).Distinct(StringComparer.Ordinal))
        {
            try
            {
                var outcome = await control.RunServiceJobAsync(service, ServiceJob.Pull, cancellationToken).ConfigureAwait(false);
                if (!outcome.Succeeded)
                {
                    _context.Error.WriteLine($"ros: note: {service}: {outcome.Message}; it is pulled again when it starts");
                }
            }
            catch (ControlException e)
            {
                _context.Error.WriteLine($"ros: note: could not pull the image of '{service}' now ({e.Message}); it is pulled when it starts");
            }
        }
        return 0;
    }

    /// <summary><c>ros service disable NAME...</c>: sets existing includes to false.</summary>
    public int Disable(IReadOnlyList<string> names)
    {
        var missing = new List<string>();
        _config.Update("service disable", tree =>
        {
            var includes = Includes(tree, create: false);
            missing.AddRange(names.Where(n => includes is null || !includes.ContainsKey(n)));
            return missing.Count == 0 && SetIncludes(tree, names, false);
        });
        if (missing.Count > 0)
        {
            throw new RosException($"service disable: not in rancher.services_include: {string.Join(", ", missing)} (see 'ros service list'); nothing was changed");
        }
        foreach (var name in names)
        {
            _context.Out.WriteLine($"disabled {name}");
        }
        return 0;
    }

    /// <summary><c>ros service delete NAME...</c>: removes the includes.</summary>
    public int Delete(IReadOnlyList<string> names)
    {
        var missing = new List<string>();
        _config.Update("service delete", tree =>
        {
            var includes = Includes(tree, create: false);
            missing.AddRange(names.Where(n => includes is null || !includes.ContainsKey(n)));
            if (missing.Count > 0 || includes is null)
            {
                return false;
            }
            foreach (var name in names)
            {
                includes.Remove(name);
            }
            return true;
        });
        if (missing.Count > 0)
        {
            throw new RosException($"service delete: not in rancher.services_include: {string.Join(", ", missing)}; nothing was changed");
        }
        return 0;
    }

    /// <summary>
    /// A job (<c>up</c>, <c>start</c>, <c>stop</c>, <c>restart</c>, <c>rm</c>, <c>pull</c>) on each service in turn,
    /// through the init; one line per service; exit 1 when any failed.
    /// </summary>
    public async Task<int> JobAsync(ServiceJob job, IReadOnlyList<string> names, CancellationToken cancellationToken)
    {
        var control = Control();
        await using var _ = control as IAsyncDisposable;
        var failed = 0;
        foreach (var name in names)
        {
            try
            {
                var outcome = await control.RunServiceJobAsync(name, job, cancellationToken).ConfigureAwait(false);
                var text = outcome.Message.Length > 0 ? outcome.Message : outcome.Result;
                if (outcome.Succeeded || outcome.Result == "skipped")
                {
                    _context.Out.WriteLine($"{name}: {text}");
                }
                else
                {
                    failed++;
                    _context.Error.WriteLine($"ros: {name}: {outcome.Result}: {text}");
                }
            }
            catch (ControlException e) when (e.Name != ControlNames.ErrorNotReady)
            {
                failed++;
                _context.Error.WriteLine($"ros: {name}: {e.Message}");
            }
        }
        return failed == 0 ? 0 : 1;
    }

    /// <summary><c>ros service logs [--lines N] NAME...</c>.</summary>
    public async Task<int> LogsAsync(IReadOnlyList<string> names, int lines, CancellationToken cancellationToken)
    {
        var control = Control();
        await using var _ = control as IAsyncDisposable;
        foreach (var name in names)
        {
            var text = await control.ServiceLogsAsync(name, lines, cancellationToken).ConfigureAwait(false);
            if (names.Count > 1)
            {
                _context.Out.WriteLine($"==> {name} <==");
            }
            _context.Out.Write(text.EndsWith('\n') || text.Length == 0 ? text : text + "\n");
        }
        return 0;
    }

    /// <summary><c>ros service ps [-q] [NAME...]</c>: the services with their state, from the init.</summary>
    public async Task<int> PsAsync(IReadOnlyList<string> names, bool quiet, CancellationToken cancellationToken)
    {
        var control = Control();
        await using var _ = control as IAsyncDisposable;
        var services = await control.ListServicesAsync(cancellationToken).ConfigureAwait(false);
        var unknown = names.Where(n => services.All(s => s.Name != n)).ToList();
        if (unknown.Count > 0)
        {
            throw new RosException($"no service {string.Join(", ", unknown.Select(n => $"'{n}'"))}; known: {string.Join(", ", services.Select(s => s.Name))}");
        }
        var shown = names.Count == 0 ? services : services.Where(s => names.Contains(s.Name)).ToList();
        if (quiet)
        {
            foreach (var s in shown)
            {
                _context.Out.WriteLine(s.Name);
            }
            return 0;
        }
        var rows = new List<string[]> { new[] { "NAME", "SCOPE", "STATE", "IMAGE", "DETAIL" } };
        rows.AddRange(shown.Select(s => new[] { s.Name, s.Scope, s.Enabled ? s.State : s.State + " (not in config)", s.Image, s.Detail }));
        var widths = Enumerable.Range(0, 4).Select(i => rows.Max(r => r[i].Length)).ToArray();
        foreach (var row in rows)
        {
            _context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{row[0].PadRight(widths[0])}  {row[1].PadRight(widths[1])}  {row[2].PadRight(widths[2])}  {row[3].PadRight(widths[3])}  {row[4]}").TrimEnd());
        }
        return 0;
    }

    /// <summary>The built-in catalogue and the services downloaded from repositories before.</summary>
    private IReadOnlyList<string> Catalogue() =>
        ServiceCatalogue.Names(_context.System.ListFiles(ServiceCatalogue.BuiltInDir))
            .Union(ServiceCatalogue.Names(_context.System.ListFiles(ServiceRepositories.CacheDir)))
            .Order(StringComparer.Ordinal).ToList();

    /// <summary>The services the repositories' indexes list; a repository that does not answer is a note.</summary>
    private async Task<IReadOnlyList<string>> RepositoryServicesAsync(LoadedConfig config, CancellationToken cancellationToken)
    {
        var names = new List<string>();
        foreach (var (repository, url) in ServiceRepositories.Urls(config.GetMap("rancher.repositories")))
        {
            var (text, problem) = await FetchAsync(ServiceRepositories.IndexUrl(url), cancellationToken).ConfigureAwait(false);
            if (text is null)
            {
                _context.Error.WriteLine($"ros: note: repository '{repository}': {problem}");
                continue;
            }
            try
            {
                names.AddRange(ServiceRepositories.IndexServices(YamlText.Parse(text, url.ToString())));
            }
            catch (ConfigSyntaxException e)
            {
                _context.Error.WriteLine($"ros: note: repository '{repository}': its index.yml is not valid YAML ({e.Message})");
            }
        }
        return names;
    }

    /// <summary>
    /// A name must be a catalogue service (built in, downloaded before, or found now in a repository, which is then
    /// kept in <see cref="ServiceRepositories.CacheDir"/>) or a readable local service file that parses.
    /// </summary>
    private async Task CheckAsync(string name, CancellationToken cancellationToken)
    {
        if (ServiceCatalogue.IsCatalogueName(name))
        {
            if (Catalogue().Contains(name))
            {
                return;
            }
            var tried = new List<string>();
            foreach (var (_, url) in ServiceRepositories.Urls(ConfigLoader.Load(_context.System).GetMap("rancher.repositories")))
            {
                var location = ServiceRepositories.ServiceUrl(url, name);
                var (text, problem) = await FetchAsync(location, cancellationToken).ConfigureAwait(false);
                if (text is null)
                {
                    tried.Add($"{location} ({problem})");
                    continue;
                }
                CheckServices(location.ToString(), text);
                _context.System.WriteAtomic(ServiceRepositories.CachePath(name), text, UnixFileMode.UserRead | UnixFileMode.UserWrite,
                    UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
                _context.Out.WriteLine($"downloaded {name} from {location}");
                return;
            }
            throw new RosException($"service enable: no service '{name}' in the catalogue; known: {string.Join(", ", Catalogue())}"
                + (tried.Count > 0 ? $"; the repositories do not have it: {string.Join("; ", tried)}" : ""));
        }
        if (!ServiceCatalogue.IsLocalPath(name))
        {
            throw new RosException($"service enable: '{name}' is neither a catalogue service nor a .yml file under {ServiceCatalogue.LocalDir}");
        }
        var local = _context.System.ReadText(name) ?? throw new RosException($"service enable: {name}: no such file");
        CheckServices(name, local);
    }

    /// <summary>A service file must parse and every service in it must be valid.</summary>
    private static void CheckServices(string source, string text)
    {
        try
        {
            var services = YamlText.Parse(text, source);
            var (parsed, errors) = ServiceParser.ParseAll(services);
            if (errors.Count > 0)
            {
                throw new RosException($"service enable: {source}: {errors[0].Message}");
            }
            if (parsed.Count == 0)
            {
                throw new RosException($"service enable: {source} defines no service");
            }
        }
        catch (ConfigSyntaxException e)
        {
            throw new RosException($"service enable: {source}: {e.Message}");
        }
    }

    /// <summary>One GET (30 s); the text of a 2xx answer, else null with the reason.</summary>
    private async Task<(string? Text, string Problem)> FetchAsync(Uri url, CancellationToken cancellationToken)
    {
        if (_context.Http is null)
        {
            return (null, "no HTTP in this build");
        }
        var response = await _context.Http.SendAsync(new Core.Datasources.MetadataRequest("GET", url, [], TimeSpan.FromSeconds(30)), cancellationToken).ConfigureAwait(false);
        if (response.Ok)
        {
            return (System.Text.Encoding.UTF8.GetString(response.Body), "");
        }
        return (null, response.Answered ? $"HTTP {response.Status}" : response.TimedOut ? "timed out" : response.Error ?? "no answer");
    }

    /// <summary>The service names an include defines (a catalogue file may define more than one).</summary>
    private IEnumerable<string> ServicesOf(string include)
    {
        var path = ServiceCatalogue.PathOf(include);
        var text = path is null ? null : _context.System.ReadText(path);
        if (text is null)
        {
            return [];
        }
        try
        {
            return YamlText.Parse(text, path!).Keys.ToList();
        }
        catch (ConfigSyntaxException)
        {
            return [];
        }
    }

    private static Dictionary<string, object?>? Includes(Dictionary<string, object?> tree, bool create)
    {
        if (tree.GetValueOrDefault("rancher") is not Dictionary<string, object?> rancher)
        {
            if (!create)
            {
                return null;
            }
            rancher = new Dictionary<string, object?>(StringComparer.Ordinal);
            tree["rancher"] = rancher;
        }
        if (rancher.GetValueOrDefault("services_include") is not Dictionary<string, object?> includes)
        {
            if (!create)
            {
                return null;
            }
            includes = new Dictionary<string, object?>(StringComparer.Ordinal);
            rancher["services_include"] = includes;
        }
        return includes;
    }

    private static bool SetIncludes(Dictionary<string, object?> tree, IReadOnlyList<string> names, bool value)
    {
        var includes = Includes(tree, create: true)!;
        var changed = false;
        foreach (var name in names)
        {
            if (includes.GetValueOrDefault(name) is not bool current || current != value)
            {
                includes[name] = value;
                changed = true;
            }
        }
        return changed;
    }

    private IInitControl Control() =>
        _context.Control?.Invoke() ?? throw new RosException("the control API is not available in this build");

    private IInitControl? TryControl()
    {
        try
        {
            return _context.Control?.Invoke();
        }
        catch (ControlException)
        {
            return null;
        }
    }
}
