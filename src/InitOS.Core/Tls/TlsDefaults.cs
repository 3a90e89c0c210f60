namespace InitOS.Core.Tls;

/// <summary>The fixed parts of the certificates InitOS makes (RancherOS's values, reference §13).</summary>
public static class TlsDefaults
{
    /// <summary>Days a CA and a leaf are valid (RancherOS: about 1080).</summary>
    public const int ValidDays = 1080;

    /// <summary>The CA subject's organisation.</summary>
    public const string Organization = "rancher";

    /// <summary>The CN of a client certificate.</summary>
    public const string ClientCommonName = "client";
}
