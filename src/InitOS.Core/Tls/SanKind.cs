namespace InitOS.Core.Tls;

/// <summary>What a host value given for a certificate is.</summary>
public enum SanKind
{
    /// <summary>Neither a DNS name nor an IP address.</summary>
    Invalid,

    /// <summary>A DNS name (a <c>dNSName</c> subject alternative name).</summary>
    Dns,

    /// <summary>An IPv4 or IPv6 address (an <c>iPAddress</c> subject alternative name).</summary>
    Ip,
}
