namespace InitOS.Core.Services;

/// <summary>
/// Which registry an image comes from and which <c>rancher.registry_auths</c> entry applies to it. Docker's rule:
/// the first path component is a registry when it holds a <c>.</c> or <c>:</c> or is <c>localhost</c>; otherwise
/// the image is on Docker Hub (<see cref="DockerHub"/>).
/// </summary>
public static class RegistryAuths
{
    /// <summary>Docker Hub's name in Docker's auth configuration.</summary>
    public const string DockerHub = "docker.io";

    /// <summary>The registry host (with port) of <paramref name="image"/>, <see cref="DockerHub"/> for Hub images.</summary>
    public static string RegistryOf(string image)
    {
        var slash = image.IndexOf('/');
        if (slash <= 0)
        {
            return DockerHub;
        }
        var first = image[..slash];
        return first.Contains('.') || first.Contains(':') || first == "localhost"
            ? (first is "index.docker.io" or "registry-1.docker.io" ? DockerHub : first)
            : DockerHub;
    }

    /// <summary>
    /// The credentials for <paramref name="image"/> in <paramref name="auths"/> (a map of registry → {username,
    /// password, auth, identitytoken}); a key matches with or without a scheme and path
    /// (<c>https://index.docker.io/v1/</c> is Docker Hub). Null when none applies.
    /// </summary>
    public static RegistryCredentials? For(string image, IReadOnlyDictionary<string, object?>? auths)
    {
        if (auths is null)
        {
            return null;
        }
        var registry = RegistryOf(image);
        foreach (var (key, value) in auths)
        {
            if (value is not IReadOnlyDictionary<string, object?> entry || Normalize(key) != registry)
            {
                continue;
            }
            string Field(string name) => entry.GetValueOrDefault(name) is { } v ? Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture) ?? "" : "";
            return new RegistryCredentials(key, Field("username"), Field("password"), Field("auth"), Field("identitytoken"));
        }
        return null;
    }

    private static string Normalize(string key)
    {
        var host = key;
        var scheme = host.IndexOf("://", StringComparison.Ordinal);
        if (scheme >= 0)
        {
            host = host[(scheme + 3)..];
        }
        var slash = host.IndexOf('/');
        if (slash >= 0)
        {
            host = host[..slash];
        }
        return host is "index.docker.io" or "registry-1.docker.io" or "docker.io" ? DockerHub : host;
    }
}
