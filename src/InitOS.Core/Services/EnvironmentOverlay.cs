namespace InitOS.Core.Services;

/// <summary>Adds variables (such as the proxy settings of <c>rancher.network</c>) under an environment list.</summary>
public static class EnvironmentOverlay
{
    /// <summary>
    /// <paramref name="environment"/> (<c>K=V</c>) with every pair of <paramref name="extra"/> whose name it does
    /// not set already added: what a service or engine names itself wins. The result is sorted by name, as
    /// <see cref="ContainerSpec.Environment"/> is.
    /// </summary>
    public static IReadOnlyList<string> Under(IReadOnlyList<string> environment, IEnumerable<KeyValuePair<string, string>> extra)
    {
        var names = environment.Select(e => e.Split('=', 2)[0]).ToHashSet(StringComparer.Ordinal);
        var added = extra.Where(p => names.Add(p.Key)).Select(p => $"{p.Key}={p.Value}");
        return environment.Concat(added).OrderBy(e => e.Split('=', 2)[0], StringComparer.Ordinal).ToList();
    }
}
