namespace InitOS.Core.Tls;

/// <summary>Which side of a Docker TLS connection a certificate is for.</summary>
public enum TlsRole
{
    /// <summary>The engine: extended key usage server and client authentication.</summary>
    Server,

    /// <summary>A docker client: extended key usage client authentication.</summary>
    Client,
}
