namespace InitOS.Core.Tls;

/// <summary>The configuration keys of the user engine's TLS (reference §5.4, §13).</summary>
public static class TlsConfigKeys
{
    /// <summary><c>rancher.docker.tls</c>: append <c>tls_args</c> to the user engine's command.</summary>
    public const string Enabled = "rancher.docker.tls";

    /// <summary><c>rancher.docker.tls_args</c>: the dockerd flags TLS adds.</summary>
    public const string Args = "rancher.docker.tls_args";

    /// <summary><c>rancher.docker.ca_cert</c>: the CA certificate (PEM).</summary>
    public const string CaCert = "rancher.docker.ca_cert";

    /// <summary><c>rancher.docker.ca_key</c>: the CA private key (PEM).</summary>
    public const string CaKey = "rancher.docker.ca_key";

    /// <summary><c>rancher.docker.server_cert</c>: the engine's certificate (PEM).</summary>
    public const string ServerCert = "rancher.docker.server_cert";

    /// <summary><c>rancher.docker.server_key</c>: the engine's private key (PEM).</summary>
    public const string ServerKey = "rancher.docker.server_key";

    /// <summary>A key as the path <c>ConfigTree</c> takes.</summary>
    public static IReadOnlyList<string> PathOf(string key) => key.Split('.');
}
