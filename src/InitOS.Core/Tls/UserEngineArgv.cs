namespace InitOS.Core.Tls;

/// <summary>
/// The command of the <c>docker</c> service (the user engine) when its definition has none: <c>dockerd</c> with
/// the flags of <c>rancher.docker</c> (<see cref="Boot.DockerDaemonArgs"/>). With <c>rancher.docker.tls: true</c>
/// the command goes through the <c>docker-init</c> personality (<c>initos docker-init -- dockerd …</c>), which
/// writes or makes the certificates <c>tls_args</c> point at inside the service's container and then becomes
/// dockerd (without <c>tls_args</c> when that fails, so the engine still starts).
/// </summary>
public static class UserEngineArgv
{
    /// <summary>The personality that sets TLS up before dockerd.</summary>
    public const string Wrapper = "docker-init";

    /// <summary>The argv for the engine config map <paramref name="engine"/>.</summary>
    public static IReadOnlyList<string> For(IReadOnlyDictionary<string, object?> engine)
    {
        var dockerd = new List<string> { "dockerd" };
        dockerd.AddRange(Boot.DockerDaemonArgs.Build(engine));
        return Boot.DockerDaemonArgs.TlsEnabled(engine) ? ["initos", Wrapper, "--", .. dockerd] : dockerd;
    }
}
