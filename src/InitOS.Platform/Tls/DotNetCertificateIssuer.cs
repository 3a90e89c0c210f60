using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using InitOS.Core.Ports;
using InitOS.Core.Tls;

namespace InitOS.Platform.Tls;

/// <summary>
/// <see cref="ICertificateIssuer"/> over .NET's X509 and RSA classes, which call OpenSSL (<c>libssl.so.3</c> and
/// <c>libcrypto.so.3</c> must be loadable: the initrd and every system image carry them). Keys are RSA 2048 in
/// PKCS#1 PEM (<c>RSA PRIVATE KEY</c>, as RancherOS wrote them; Go's and OpenSSL's loaders read it), signatures
/// SHA-256 with PKCS#1 v1.5 padding, serial numbers 16 random bytes. Validity starts an hour back (clock skew).
/// </summary>
public sealed class DotNetCertificateIssuer : ICertificateIssuer
{
    private const int KeyBits = 2048;
    private readonly TimeProvider _time;

    /// <summary>Creates the issuer over a clock (the system's by default).</summary>
    public DotNetCertificateIssuer(TimeProvider? time = null)
    {
        _time = time ?? TimeProvider.System;
    }

    /// <inheritdoc/>
    public PemPair CreateAuthority(string organization, int validDays)
    {
        using var key = RSA.Create(KeyBits);
        var name = new X500DistinguishedNameBuilder();
        name.AddOrganizationName(organization);
        var request = new CertificateRequest(name.Build(), key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(
            X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign | X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        var now = _time.GetUtcNow();
        using var cert = request.Create(request.SubjectName, X509SignatureGenerator.CreateForRSA(key, RSASignaturePadding.Pkcs1),
            now.AddHours(-1), now.AddDays(validDays), Serial());
        return new PemPair(cert.ExportCertificatePem() + "\n", key.ExportRSAPrivateKeyPem() + "\n");
    }

    /// <inheritdoc/>
    public PemPair Issue(PemPair authority, CertificateRequestSpec spec)
    {
        X509Certificate2 ca;
        using var caKey = RSA.Create();
        try
        {
            ca = X509Certificate2.CreateFromPem(authority.CertificatePem);
        }
        catch (CryptographicException e)
        {
            throw new TlsMaterialException($"the CA certificate cannot be read: {e.Message}", e);
        }
        using (ca)
        {
            try
            {
                caKey.ImportFromPem(authority.KeyPem);
            }
            catch (Exception e) when (e is CryptographicException or ArgumentException)
            {
                // the message of ImportFromPem never quotes the key
                throw new TlsMaterialException($"the CA key cannot be read: {e.Message}", e);
            }
            if (ca.GetRSAPublicKey() is not { } caPublic || !caPublic.ExportSubjectPublicKeyInfo().AsSpan().SequenceEqual(caKey.ExportSubjectPublicKeyInfo()))
            {
                throw new TlsMaterialException("the CA key does not belong to the CA certificate");
            }
            using var key = RSA.Create(KeyBits);
            var subject = new X500DistinguishedNameBuilder();
            subject.AddCommonName(spec.CommonName);
            var request = new CertificateRequest(subject.Build(), key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
            request.CertificateExtensions.Add(new X509KeyUsageExtension(
                X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, true));
            var usages = new OidCollection();
            if (spec.Role == TlsRole.Server)
            {
                usages.Add(new Oid("1.3.6.1.5.5.7.3.1", "serverAuth"));
            }
            usages.Add(new Oid("1.3.6.1.5.5.7.3.2", "clientAuth"));
            request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(usages, false));
            request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
            request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(ca, true, false));
            if (spec.Role == TlsRole.Server)
            {
                var sans = new SubjectAlternativeNameBuilder();
                foreach (var dns in spec.Names.DnsNames)
                {
                    sans.AddDnsName(dns);
                }
                foreach (var ip in spec.Names.IpAddresses)
                {
                    sans.AddIpAddress(IPAddress.Parse(ip));
                }
                request.CertificateExtensions.Add(sans.Build());
            }
            var now = _time.GetUtcNow();
            var notAfter = now.AddDays(spec.ValidDays);
            if (notAfter > ca.NotAfter.ToUniversalTime())
            {
                notAfter = ca.NotAfter.ToUniversalTime();
            }
            using var cert = request.Create(ca.SubjectName, X509SignatureGenerator.CreateForRSA(caKey, RSASignaturePadding.Pkcs1),
                now.AddHours(-1), notAfter, Serial());
            return new PemPair(cert.ExportCertificatePem() + "\n", key.ExportRSAPrivateKeyPem() + "\n");
        }
    }

    private static byte[] Serial()
    {
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F; // positive
        serial[0] |= 0x01; // no leading zero byte to strip
        return serial;
    }
}
