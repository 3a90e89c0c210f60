namespace InitOS.Core.Tls;

/// <summary>What a leaf certificate is to say.</summary>
/// <param name="Role">Server or client (decides the extended key usage).</param>
/// <param name="CommonName">The subject's CN.</param>
/// <param name="Names">The subject alternative names (unused for a client).</param>
/// <param name="ValidDays">How long it is valid from now.</param>
public sealed record CertificateRequestSpec(TlsRole Role, string CommonName, SubjectAltNames Names, int ValidDays);
