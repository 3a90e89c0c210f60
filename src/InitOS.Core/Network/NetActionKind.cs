namespace InitOS.Core.Network;

/// <summary>What one step of a <see cref="NetworkPlan"/> does.</summary>
public enum NetActionKind
{
    /// <summary>Run a command (<c>pre_cmds</c>, <c>pre_up</c>, <c>post_up</c>, <c>post_cmds</c>); values are argv.</summary>
    RunCommand,
    /// <summary>Create a bond; values: the mode name.</summary>
    CreateBond,
    /// <summary>Set one bond option; values: name, value.</summary>
    SetBondOption,
    /// <summary>Create a bridge.</summary>
    CreateBridge,
    /// <summary>Create a VLAN link; values: parent link, VLAN id.</summary>
    CreateVlan,
    /// <summary>Enslave the link into a bond or bridge; values: the master.</summary>
    Enslave,
    /// <summary>Set the MTU; values: the MTU.</summary>
    SetMtu,
    /// <summary>Make the addresses present; values: <c>exclusive</c> or <c>keep-others</c>, then CIDRs.
    /// Exclusive removes global addresses not listed (static links).</summary>
    SetAddresses,
    /// <summary>Set <c>net.ipv6.conf.LINK.accept_ra</c>; values: the number.</summary>
    SetAcceptRa,
    /// <summary>Bring the link up.</summary>
    LinkUp,
    /// <summary>Replace the default route; values: the gateway (IPv4 or IPv6).</summary>
    SetGateway,
    /// <summary>Start (and supervise) the DHCP client; values: argv.</summary>
    StartDhcp,
}
