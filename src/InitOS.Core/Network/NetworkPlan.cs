namespace InitOS.Core.Network;

/// <summary>What netconf will do, as data: the ordered steps, the per-link summary lines, the DHCP links and the
/// problems found. <see cref="ToText"/> is what <c>netconf --dry-run</c> prints and what tests assert.</summary>
/// <param name="Actions">The steps in the order they run.</param>
/// <param name="Links">One summary line per link netconf looked at (<c>eth0: dhcp (eth*)</c>).</param>
/// <param name="DhcpLinks">The links that run a DHCP client.</param>
/// <param name="Diagnostics">Problems, each naming the key; the links concerned are left alone.</param>
public sealed record NetworkPlan(
    IReadOnlyList<NetAction> Actions,
    IReadOnlyList<string> Links,
    IReadOnlyList<string> DhcpLinks,
    IReadOnlyList<string> Diagnostics)
{
    /// <summary>The plan as text: diagnostics (<c>! …</c>), then the steps, one per line.</summary>
    public string ToText()
    {
        var lines = Diagnostics.Select(d => "! " + d).Concat(Actions.Select(a => a.ToString()));
        return string.Join('\n', lines) + "\n";
    }
}
