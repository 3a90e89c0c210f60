namespace InitOS.Core.Tls;

/// <summary>A certificate and its private key, both PEM text. <see cref="ToString"/> never shows the key.</summary>
/// <param name="CertificatePem">The certificate (<c>-----BEGIN CERTIFICATE-----</c>).</param>
/// <param name="KeyPem">The private key (<c>-----BEGIN RSA PRIVATE KEY-----</c>).</param>
public sealed record PemPair(string CertificatePem, string KeyPem)
{
    /// <summary>Whether both halves hold text.</summary>
    public bool IsComplete => !string.IsNullOrWhiteSpace(CertificatePem) && !string.IsNullOrWhiteSpace(KeyPem);

    /// <summary>Describes the pair without its key.</summary>
    public override string ToString() => $"PemPair {{ certificate: {CertificatePem.Length} chars, key: <redacted> }}";
}
