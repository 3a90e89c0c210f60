using InitOS.Core.Config;

namespace InitOS.Core.Services;

/// <summary>
/// Consoles and user engines to choose from (reference §6, §7): <c>rancher.console</c> names a console of
/// <see cref="Console"/>'s catalogue and <c>rancher.docker.engine</c> an engine of <see cref="Engine"/>'s; the chosen
/// file's <c>console</c> (or <c>docker</c>) service replaces the built-in one. <see cref="Default"/> (or nothing)
/// keeps the built-in service. A name that is not in the catalogue, or a file without that service, keeps the
/// built-in one with a warning: a host always reaches a console and its user engine.
/// </summary>
public static class Alternatives
{
    /// <summary>The built-in choice.</summary>
    public const string Default = "default";

    /// <summary>Consoles: <c>rancher.console</c>, files in <c>/usr/share/ros/consoles</c> defining service <c>console</c>.</summary>
    public static readonly AlternativeKind Console = new("console", "rancher.console", "/usr/share/ros/consoles", "console");

    /// <summary>User engines: <c>rancher.docker.engine</c>, files in <c>/usr/share/ros/engines</c> defining service <c>docker</c>.</summary>
    public static readonly AlternativeKind Engine = new("docker", "rancher.docker.engine", "/usr/share/ros/engines", "engine");

    /// <summary>The file of a choice.</summary>
    public static string PathOf(AlternativeKind kind, string name) => $"{kind.Dir}/{name}.yml";

    /// <summary>The choices of a kind: <see cref="Default"/> first, then the catalogue's file names, sorted.</summary>
    public static IReadOnlyList<string> Names(IEnumerable<string> fileNames) =>
        [Default, .. ServiceCatalogue.Names(fileNames).Where(n => n != Default)];

    /// <summary>
    /// The service definition a choice stands for, read through <paramref name="read"/>; null with the reason when
    /// there is none (the caller keeps the built-in one).
    /// </summary>
    public static (Dictionary<string, object?>? Service, string? Problem) Definition(AlternativeKind kind, string name, Func<string, string?> read)
    {
        if (!ServiceCatalogue.IsCatalogueName(name))
        {
            return (null, $"{kind.Key}: '{name}' is not a {kind.Noun} name");
        }
        var path = PathOf(kind, name);
        string? text;
        try
        {
            text = read(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return (null, $"{kind.Key}: cannot read {path}: {e.Message}");
        }
        if (text is null)
        {
            return (null, $"{kind.Key}: no {kind.Noun} '{name}' ({path} does not exist)");
        }
        try
        {
            return YamlText.Parse(text, path).GetValueOrDefault(kind.Service) is Dictionary<string, object?> service
                ? (service, null)
                : (null, $"{kind.Key}: {path} defines no service '{kind.Service}'");
        }
        catch (ConfigSyntaxException e)
        {
            return (null, $"{kind.Key}: {path} is not valid YAML ({e.Message})");
        }
    }

    /// <summary>Replaces the kind's service in <paramref name="services"/> by the chosen one; the warning says why it did not.</summary>
    public static string? Apply(Dictionary<string, object?> services, AlternativeKind kind, string? chosen, Func<string, string?> read)
    {
        if (string.IsNullOrEmpty(chosen) || chosen == Default)
        {
            return null;
        }
        var (service, problem) = Definition(kind, chosen, read);
        if (service is null)
        {
            return $"{problem}; keeping the default {kind.Noun}";
        }
        services[kind.Service] = service;
        return null;
    }
}

/// <summary>A kind of choice: the service it replaces, the key that chooses, the catalogue directory, and its noun for messages.</summary>
public sealed record AlternativeKind(string Service, string Key, string Dir, string Noun);
