namespace InitOS.Core.Tls;

/// <summary>Which piece of TLS material a file holds.</summary>
public enum TlsFileKind
{
    /// <summary>The CA certificate.</summary>
    CaCert,

    /// <summary>The CA private key.</summary>
    CaKey,

    /// <summary>The server or client certificate.</summary>
    Cert,

    /// <summary>The server or client private key.</summary>
    Key,
}
