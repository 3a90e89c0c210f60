namespace InitOS.Core.Services;

/// <summary>
/// <c>rancher.repositories</c>: remote service catalogues (reference §6). A service <c>NAME</c> of a repository is
/// <c>&lt;url&gt;/&lt;first letter&gt;/NAME.yml</c> and its list is <c>&lt;url&gt;/index.yml</c> (<c>services: [...]</c>).
/// <c>ros service enable</c> downloads the file once into <see cref="CacheDir"/>; the boot reads only that copy, so
/// a host starts its included services without the network, and a repository that changes cannot change a host
/// behind its operator's back.
/// </summary>
public static class ServiceRepositories
{
    /// <summary>Where the downloaded service files are kept (on the state partition).</summary>
    public const string CacheDir = "/var/lib/rancher/cache/services";

    /// <summary>The cached copy of a repository service.</summary>
    public static string CachePath(string name) => $"{CacheDir}/{name}.yml";

    /// <summary>The repositories' URLs, in key order (each <c>{url: ...}</c>); entries without a usable http(s) URL are skipped.</summary>
    public static IReadOnlyList<(string Name, Uri Url)> Urls(IReadOnlyDictionary<string, object?>? repositories)
    {
        var result = new List<(string, Uri)>();
        foreach (var (name, value) in (repositories ?? new Dictionary<string, object?>()).OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            if (value is IReadOnlyDictionary<string, object?> entry && entry.GetValueOrDefault("url") is string url
                && Uri.TryCreate(url.TrimEnd('/') + "/", UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https")
            {
                result.Add((name, uri));
            }
        }
        return result;
    }

    /// <summary>Where a service file is in a repository: <c>&lt;url&gt;/&lt;first letter&gt;/NAME.yml</c>.</summary>
    public static Uri ServiceUrl(Uri repository, string name) => new(repository, $"{name[0]}/{name}.yml");

    /// <summary>The repository's index.</summary>
    public static Uri IndexUrl(Uri repository) => new(repository, "index.yml");

    /// <summary>The service names an index lists (<c>services:</c>), catalogue names only.</summary>
    public static IReadOnlyList<string> IndexServices(IReadOnlyDictionary<string, object?> index) =>
        index.GetValueOrDefault("services") is IEnumerable<object?> list
            ? list.OfType<string>().Where(ServiceCatalogue.IsCatalogueName).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList()
            : [];
}
