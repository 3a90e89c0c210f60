using InitOS.Core.Tls;

namespace InitOS.Core.Ports;

/// <summary>Makes X.509 certificates and RSA keys (the adapter needs OpenSSL: <c>libssl.so.3</c>).</summary>
public interface ICertificateIssuer
{
    /// <summary>A self-signed CA: subject <c>O=<paramref name="organization"/></c>, RSA 2048, CA:TRUE, key usage
    /// certificate and CRL signing, valid <paramref name="validDays"/> days.</summary>
    PemPair CreateAuthority(string organization, int validDays);

    /// <summary>A leaf certificate signed by <paramref name="authority"/>, with a new RSA 2048 key; its validity ends
    /// no later than the authority's. Throws <see cref="TlsMaterialException"/> when the authority's PEM cannot be read.</summary>
    PemPair Issue(PemPair authority, CertificateRequestSpec request);
}
