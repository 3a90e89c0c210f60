namespace InitOS.Core.Network;

/// <summary>A network link as the kernel reports it (or as the plan will create it).</summary>
/// <param name="Name">The interface name (<c>eth0</c>).</param>
/// <param name="Mac">The hardware address in lower case, empty when the link has none.</param>
/// <param name="Kind">The link kind from <c>ip -d link</c> (<c>bond</c>, <c>bridge</c>, <c>vlan</c>, <c>veth</c>,
/// …); empty for a plain device.</param>
/// <param name="Master">The bond or bridge this link is enslaved to, if any.</param>
public sealed record NetLink(string Name, string Mac, string Kind, string? Master = null)
{
    /// <summary>
    /// Links netconf never touches: the loopback (configured on its own), the engines' bridges and veth pairs
    /// (<c>docker*</c>, <c>veth*</c>, <c>br-*</c>).
    /// </summary>
    public bool IsExcluded =>
        Name == "lo" || Name.StartsWith("docker", StringComparison.Ordinal) ||
        Name.StartsWith("veth", StringComparison.Ordinal) || Name.StartsWith("br-", StringComparison.Ordinal);
}
