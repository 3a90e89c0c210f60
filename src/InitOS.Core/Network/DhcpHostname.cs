namespace InitOS.Core.Network;

/// <summary>Whether DHCP may name the host (RancherOS: only when no layer sets <c>hostname</c>).</summary>
public static class DhcpHostname
{
    /// <summary>The host name to set: when no layer names one, the first lease (in link order) that offers one;
    /// null otherwise.</summary>
    public static string? Choose(NetworkSettings settings, IReadOnlyList<(string Link, DhcpLease Lease)> leases) =>
        settings.HostnameConfigured ? null : leases.Select(l => l.Lease.Hostname).FirstOrDefault(h => !string.IsNullOrWhiteSpace(h));
}
