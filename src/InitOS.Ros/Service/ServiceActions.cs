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
    /// then included services that are not in the catalogue.
    /// </summary>
    public int List(bool all)
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
        var catalogue = Catalogue();
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
            Check(name);
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

    private IReadOnlyList<string> Catalogue() =>
        ServiceCatalogue.Names(_context.System.ListFiles(ServiceCatalogue.BuiltInDir));

    /// <summary>A name must be a catalogue service or a readable local service file that parses.</summary>
    private void Check(string name)
    {
        if (ServiceCatalogue.IsCatalogueName(name))
        {
            if (!Catalogue().Contains(name))
            {
                throw new RosException($"service enable: no service '{name}' in the catalogue; known: {string.Join(", ", Catalogue())}");
            }
            return;
        }
        if (!ServiceCatalogue.IsLocalPath(name))
        {
            throw new RosException($"service enable: '{name}' is neither a catalogue service nor a .yml file under {ServiceCatalogue.LocalDir}");
        }
        var text = _context.System.ReadText(name) ?? throw new RosException($"service enable: {name}: no such file");
        try
        {
            var services = YamlText.Parse(text, name);
            var (_, errors) = ServiceParser.ParseAll(services);
            if (errors.Count > 0)
            {
                throw new RosException($"service enable: {name}: {errors[0].Message}");
            }
        }
        catch (ConfigSyntaxException e)
        {
            throw new RosException($"service enable: {name}: {e.Message}");
        }
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
