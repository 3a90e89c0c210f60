using System.Text.RegularExpressions;
using InitOS.Core.Config;

namespace InitOS.Core.Services;

/// <summary>
/// <c>rancher.services_include</c>: services loaded by name on top of <c>rancher.services</c> (reference §6). A
/// name is read from the built-in catalogue (<see cref="BuiltInDir"/><c>/&lt;name&gt;.yml</c>), else from the copy
/// <c>ros service enable</c> downloaded from a repository (<see cref="ServiceRepositories.CachePath"/>); an absolute
/// path under <see cref="LocalDir"/> is read as is. Each file is compose-shaped: top-level keys are service names. An
/// include never replaces a service the configuration defines itself; a file that cannot be read or parsed is
/// reported and skipped, and the other includes still apply.
/// </summary>
public static partial class ServiceCatalogue
{
    /// <summary>The built-in catalogue, shipped read-only with the OS.</summary>
    public const string BuiltInDir = "/usr/share/ros/services";

    /// <summary>Local service files a user may include by absolute path (RancherOS: <c>ros service enable</c> accepts only these).</summary>
    public const string LocalDir = "/var/lib/rancher/conf";

    /// <summary>True when <paramref name="name"/> is a catalogue name (letters, digits, <c>.</c>, <c>_</c>, <c>-</c>; no path).</summary>
    public static bool IsCatalogueName(string name) => CatalogueName().IsMatch(name);

    /// <summary>True when <paramref name="name"/> is an absolute <c>.yml</c> path inside <see cref="LocalDir"/> (no <c>..</c>).</summary>
    public static bool IsLocalPath(string name) =>
        name.StartsWith(LocalDir + "/", StringComparison.Ordinal)
        && (name.EndsWith(".yml", StringComparison.Ordinal) || name.EndsWith(".yaml", StringComparison.Ordinal))
        && !name.Split('/').Any(part => part is ".." or ".");

    /// <summary>The file an include is read from; null when the name is neither a catalogue name nor a local path.</summary>
    public static string? PathOf(string name) =>
        IsCatalogueName(name) ? $"{BuiltInDir}/{name}.yml" : IsLocalPath(name) ? name : null;

    /// <summary>The catalogue's names, from the file names of <see cref="BuiltInDir"/>, sorted.</summary>
    public static IReadOnlyList<string> Names(IEnumerable<string> fileNames) =>
        fileNames.Where(f => f.EndsWith(".yml", StringComparison.Ordinal))
            .Select(f => f[..^4])
            .Where(IsCatalogueName)
            .Order(StringComparer.Ordinal)
            .ToList();

    /// <summary>The includes that are switched on (value true), in name order.</summary>
    public static IReadOnlyList<string> Enabled(IReadOnlyDictionary<string, object?>? includes) =>
        includes is null ? [] : includes.Where(p => p.Value is true).Select(p => p.Key).Order(StringComparer.Ordinal).ToList();

    /// <summary>
    /// The services of <paramref name="services"/> with those of every enabled include added. <paramref name="read"/>
    /// returns a file's text or null when it does not exist.
    /// </summary>
    public static (Dictionary<string, object?> Services, IReadOnlyList<string> Warnings) Resolve(
        IReadOnlyDictionary<string, object?>? services, IReadOnlyDictionary<string, object?>? includes, Func<string, string?> read)
    {
        var result = services is null ? new Dictionary<string, object?>(StringComparer.Ordinal) : new Dictionary<string, object?>(services, StringComparer.Ordinal);
        var warnings = new List<string>();
        foreach (var name in Enabled(includes))
        {
            if (PathOf(name) is not { } path)
            {
                warnings.Add($"services_include: '{name}' is neither a catalogue name nor a .yml file under {LocalDir}, skipping it");
                continue;
            }
            string? text;
            try
            {
                // a catalogue name not built in may have been downloaded from a repository by `ros service enable`
                text = read(path);
                if (text is null && IsCatalogueName(name))
                {
                    path = ServiceRepositories.CachePath(name);
                    text = read(path);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                warnings.Add($"services_include: cannot read '{path}' for '{name}': {e.Message}, skipping it");
                continue;
            }
            if (text is null)
            {
                warnings.Add($"services_include: no service '{name}' (neither {PathOf(name)} nor a repository's copy exists; 'ros service enable {name}' downloads it), skipping it");
                continue;
            }
            Dictionary<string, object?> tree;
            try
            {
                tree = YamlText.Parse(text, path);
            }
            catch (ConfigSyntaxException e)
            {
                warnings.Add($"services_include: '{path}' is not valid YAML ({e.Message}), skipping it");
                continue;
            }
            foreach (var (service, definition) in tree)
            {
                if (!result.TryAdd(service, definition))
                {
                    warnings.Add($"services_include: '{name}' defines service '{service}', which the configuration already defines; keeping the configuration's");
                }
            }
        }
        return (result, warnings);
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9._-]{0,63}$")]
    private static partial Regex CatalogueName();
}
