using System.Globalization;
using System.Net;

namespace InitOS.Core.Tls;

/// <summary>
/// The subject alternative names of a certificate, sorted from the host names a user gave (<c>ros tls gen -H</c>)
/// or the boot found (hostname, addresses). Rules: a value with a colon must be an IPv6 address (brackets allowed, no <c>%scope</c>);
/// a value of four dot-separated numbers must be an IPv4 address (so <c>999.1.1.1</c> is refused, not taken for a
/// name); anything else must be a DNS name (RFC 1123 labels of 1-63 letters, digits and hyphens, not starting or
/// ending with a hyphen, 253 characters at most, a leading <c>*.</c> allowed, its last label not all digits).
/// <c>localhost</c>, <c>127.0.0.1</c> and <c>::1</c> are always added (RancherOS adds <c>localhost</c>; InitOS adds
/// the loopback addresses too, so <c>docker -H tcp://127.0.0.1:2376 --tlsverify</c> works on the host). Duplicates
/// are dropped (names compared without case), the first occurrence keeps its place.
/// </summary>
/// <param name="DnsNames">The DNS names, in order.</param>
/// <param name="IpAddresses">The IP addresses, in order, as normalised text.</param>
/// <param name="Rejected">Values that are neither a name nor an address, as given.</param>
public sealed record SubjectAltNames(IReadOnlyList<string> DnsNames, IReadOnlyList<string> IpAddresses, IReadOnlyList<string> Rejected)
{
    /// <summary>The names every certificate of InitOS carries besides the given ones.</summary>
    public static readonly IReadOnlyList<string> Always = ["localhost", "127.0.0.1", "::1"];

    /// <summary>Sorts <paramref name="hosts"/> (then <see cref="Always"/>) into DNS names and IP addresses.</summary>
    public static SubjectAltNames For(IEnumerable<string> hosts)
    {
        var dns = new List<string>();
        var ips = new List<string>();
        var rejected = new List<string>();
        foreach (var raw in hosts.Concat(Always))
        {
            var host = raw.Trim();
            switch (Classify(host))
            {
                case SanKind.Dns:
                    var name = host.ToLowerInvariant().TrimEnd('.');
                    if (!dns.Contains(name, StringComparer.Ordinal))
                    {
                        dns.Add(name);
                    }
                    break;
                case SanKind.Ip:
                    var ip = IPAddress.Parse(host.Trim('[', ']')).ToString();
                    if (!ips.Contains(ip, StringComparer.Ordinal))
                    {
                        ips.Add(ip);
                    }
                    break;
                default:
                    rejected.Add(raw);
                    break;
            }
        }
        return new SubjectAltNames(dns, ips, rejected);
    }

    /// <summary>Whether <paramref name="host"/> is a DNS name, an IP address or neither (see the type's rules).</summary>
    public static SanKind Classify(string host)
    {
        if (host.Contains(':'))
        {
            var inner = host.StartsWith('[') && host.EndsWith(']') ? host[1..^1] : host;
            // with a colon only an IPv6 address parses (IPv4-mapped ones included); a scope (%eth0) has no place in a certificate
            return !inner.Contains('%') && IPAddress.TryParse(inner, out _) ? SanKind.Ip : SanKind.Invalid;
        }
        var parts = host.Split('.');
        if (parts.Length == 4 && parts.All(p => p.Length > 0 && p.All(char.IsAsciiDigit)))
        {
            return parts.All(p => p.Length <= 3 && int.Parse(p, CultureInfo.InvariantCulture) <= 255) ? SanKind.Ip : SanKind.Invalid;
        }
        return IsDnsName(host) ? SanKind.Dns : SanKind.Invalid;
    }

    private static bool IsDnsName(string host)
    {
        var name = host.EndsWith('.') ? host[..^1] : host;
        if (name.StartsWith("*.", StringComparison.Ordinal))
        {
            name = name[2..];
        }
        if (name.Length == 0 || name.Length > 253)
        {
            return false;
        }
        var labels = name.Split('.');
        foreach (var label in labels)
        {
            if (label.Length is 0 or > 63 || label[0] == '-' || label[^1] == '-'
                || !label.All(c => char.IsAsciiLetterOrDigit(c) || c == '-'))
            {
                return false;
            }
        }
        return !labels[^1].All(char.IsAsciiDigit);
    }
}
