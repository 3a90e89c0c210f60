namespace InitOS.Core.Network;

/// <summary>One step of a <see cref="NetworkPlan"/>, as data; <see cref="ToString"/> is the line tests assert.</summary>
/// <param name="Kind">What the step does.</param>
/// <param name="Link">The link it acts on; empty for global commands.</param>
/// <param name="Values">The step's arguments (see <see cref="NetActionKind"/>).</param>
public sealed record NetAction(NetActionKind Kind, string Link, IReadOnlyList<string> Values)
{
    /// <summary>A step with no arguments.</summary>
    public NetAction(NetActionKind kind, string link) : this(kind, link, []) { }

    /// <summary>One line: <c>eth0: mtu 9000</c>, <c>create bond bond0 mode active-backup</c>.</summary>
    public override string ToString()
    {
        var args = string.Join(' ', Values);
        var prefix = Link.Length == 0 ? "" : Link + ": ";
        return Kind switch
        {
            NetActionKind.RunCommand => $"{prefix}run {args}",
            NetActionKind.CreateBond => $"create bond {Link} mode {args}",
            NetActionKind.SetBondOption => $"{prefix}bond option {Values[0]}={Values[1]}",
            NetActionKind.CreateBridge => $"create bridge {Link}",
            NetActionKind.CreateVlan => $"create vlan {Link} on {Values[0]} id {Values[1]}",
            NetActionKind.Enslave => $"{prefix}master {args}",
            NetActionKind.SetMtu => $"{prefix}mtu {args}",
            NetActionKind.SetAddresses => $"{prefix}addresses {args}",
            NetActionKind.SetAcceptRa => $"{prefix}accept_ra {args}",
            NetActionKind.LinkUp => $"{prefix}up",
            NetActionKind.SetGateway => $"{prefix}gateway {args}",
            NetActionKind.StartDhcp => $"{prefix}dhcp {args}",
            _ => $"{prefix}{Kind} {args}",
        };
    }
}
