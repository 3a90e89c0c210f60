namespace InitOS.Core.Network;

/// <summary>
/// Decides where <c>/etc/resolv.conf</c> comes from and renders it. The user's <c>rancher.network.dns</c> wins (DHCP
/// never writes the file: its hooks are replaced, see <see cref="NetworkPlanner.DhcpCommand"/>); else the name servers of the DHCP
/// leases, in link order; else <c>rancher.defaults.network.dns</c>. With no name server anywhere there is nothing to
/// write: a comment-only file would break resolution as surely as a missing one, so the caller keeps the old file.
/// </summary>
public static class ResolvConf
{
    /// <summary>The chosen servers and where they came from (<c>rancher.network.dns</c>, <c>DHCP on eth0</c>,
    /// <c>rancher.defaults.network.dns</c>); null when there is none.</summary>
    public static (DnsServers Dns, string Source)? Choose(NetworkSettings settings, IReadOnlyList<(string Link, DhcpLease Lease)> leases)
    {
        if (!settings.UserDns.IsEmpty)
        {
            return (settings.UserDns, "rancher.network.dns");
        }
        var fromDhcp = leases.Where(l => !l.Lease.Dns.IsEmpty).ToList();
        if (fromDhcp.Count > 0)
        {
            return (DnsServers.Union(fromDhcp.Select(l => l.Lease.Dns)), "DHCP on " + string.Join(", ", fromDhcp.Select(l => l.Link)));
        }
        if (!settings.DefaultDns.IsEmpty)
        {
            return (settings.DefaultDns, "rancher.defaults.network.dns");
        }
        return null;
    }

    /// <summary>The file text: a comment naming the source, <c>nameserver</c> lines (at most three are used by
    /// the C library, all are written), and one <c>search</c> line when there are domains.</summary>
    public static string Render(DnsServers dns, string source)
    {
        var lines = new List<string> { $"# Written by InitOS netconf from {source}; change it with 'ros config set rancher.network.dns.nameservers'" };
        lines.AddRange(dns.Nameservers.Select(n => "nameserver " + n));
        if (dns.Search.Count > 0)
        {
            lines.Add("search " + string.Join(' ', dns.Search));
        }
        return string.Join('\n', lines) + "\n";
    }
}
