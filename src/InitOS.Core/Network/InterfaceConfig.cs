namespace InitOS.Core.Network;

/// <summary>
/// One entry of <c>rancher.network.interfaces</c>, parsed and checked. An entry with an <see cref="Error"/> still
/// selects its links (so a broken exact entry is not replaced by a glob), but the plan leaves them alone.
/// </summary>
public sealed record InterfaceConfig
{
    /// <summary>The map key (<c>eth0</c>, <c>eth*</c>, <c>mac=52:54:*</c>).</summary>
    public required string Key { get; init; }

    /// <summary>What selects links: <c>match</c> when set, else the key.</summary>
    public required string Selector { get; init; }

    /// <summary>Run the DHCP client.</summary>
    public bool Dhcp { get; init; }

    /// <summary>Replaces the default DHCP client command (<c>dhcpcd -A4</c>); shell-split.</summary>
    public string? DhcpArgs { get; init; }

    /// <summary>Static addresses in CIDR form (<c>address</c> first, then <c>addresses</c>).</summary>
    public IReadOnlyList<string> Addresses { get; init; } = [];

    /// <summary>IPv4 default gateway.</summary>
    public string? Gateway { get; init; }

    /// <summary>IPv6 default gateway.</summary>
    public string? GatewayIpv6 { get; init; }

    /// <summary>MTU, 68–65535.</summary>
    public int? Mtu { get; init; }

    /// <summary>Add an IPv4 link-local address (169.254.0.0/16) derived from the MAC.</summary>
    public bool Ipv4ll { get; init; }

    /// <summary><c>bridge: true</c>: this entry names a bridge to create.</summary>
    public bool IsBridge { get; init; }

    /// <summary><c>bridge: NAME</c>: enslave the link into that bridge.</summary>
    public string? BridgeMaster { get; init; }

    /// <summary><c>bond: NAME</c>: enslave the link into that bond.</summary>
    public string? BondMaster { get; init; }

    /// <summary>The bond mode (canonical name) from <c>bond_opts.mode</c>, when given.</summary>
    public string? BondMode { get; init; }

    /// <summary>The other <c>bond_opts</c>, in key order.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> BondOptions { get; init; } = [];

    /// <summary>VLANs on this link: id and link name (null: <c>LINK.ID</c>).</summary>
    public IReadOnlyList<(int Id, string? Name)> Vlans { get; init; } = [];

    /// <summary>Commands before the link is configured (<c>$iface</c> substituted).</summary>
    public IReadOnlyList<string> PreUp { get; init; } = [];

    /// <summary>Commands after the link is configured (<c>$iface</c> substituted).</summary>
    public IReadOnlyList<string> PostUp { get; init; } = [];

    /// <summary>Why the entry cannot be applied; null when it is valid.</summary>
    public string? Error { get; init; }
}
