using InitOS.Core.Services;

namespace InitOS.Core.Network;

/// <summary>
/// Turns <see cref="NetworkSettings"/> and the links present into a <see cref="NetworkPlan"/>, in RancherOS's
/// order: the loopback; <c>pre_cmds</c>; bonds (mode at creation, then the other <c>bond_opts</c>) and bridges;
/// VLANs; then per link (plain links by name, then bonds, bridges and VLANs): <c>pre_up</c>, enslave, MTU,
/// addresses, <c>accept_ra</c> for DHCP links, up, gateways, DHCP client, <c>post_up</c>; finally
/// <c>post_cmds</c>. Links no entry selects are not touched; an entry with a bad value leaves its links alone and
/// says so. Static links (no DHCP, no IPv4LL) lose global addresses that are not configured; DHCP links keep them.
/// Links that already exist (a re-run) are not created again.
/// </summary>
public static partial class NetworkPlanner
{
    /// <summary>The addresses the loopback always gets.</summary>
    public static IReadOnlyList<string> LoopbackAddresses { get; } = ["127.0.0.1/8", "::1/128"];

    /// <summary>Plans the configuration of <paramref name="links"/>.</summary>
    /// <param name="settings">The network settings.</param>
    /// <param name="links">The links present.</param>
    /// <param name="dhcpHook">The real path of the dhcpcd hook script (under the system root).</param>
    public static NetworkPlan Plan(NetworkSettings settings, IReadOnlyList<NetLink> links, string dhcpHook = DefaultDhcpHook)
    {
        var state = new PlanState(settings, links, dhcpHook);
        state.Diagnostics.AddRange(settings.Diagnostics);
        state.Add(NetActionKind.SetAddresses, "lo", ["keep-others", .. LoopbackAddresses]);
        state.Add(NetActionKind.LinkUp, "lo");
        foreach (var command in settings.PreCmds)
        {
            state.Command("", command, null);
        }
        var present = links.Where(l => !l.IsExcluded).OrderBy(l => l.Name, StringComparer.Ordinal).ToList();
        ReportInvalidEntries(state, present);
        var created = PlanVirtualLinks(state, present);
        var managed = created.Select(l => l.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var link in present.Where(l => !managed.Contains(l.Name)).Concat(created))
        {
            PlanLink(state, link);
        }
        foreach (var command in settings.PostCmds)
        {
            state.Command("", command, null);
        }
        return new NetworkPlan(state.Actions, state.Summary, state.Dhcp, state.Diagnostics);
    }

    private static void ReportInvalidEntries(PlanState state, List<NetLink> present)
    {
        foreach (var entry in state.Settings.Interfaces.Where(e => e.Error != null))
        {
            var hit = present.Where(l => InterfaceSelector.Select(l, state.Settings.Interfaces) == entry).Select(l => l.Name).ToList();
            state.Diagnostics.Add(hit.Count > 0
                ? $"{entry.Error}; {string.Join(", ", hit.Select(h => $"'{h}'"))} left unconfigured"
                : $"{entry.Error}; entry ignored");
        }
    }

    private static void PlanLink(PlanState state, NetLink link)
    {
        var entry = InterfaceSelector.Select(link, state.Settings.Interfaces);
        if (entry is null)
        {
            state.Summary.Add($"{link.Name}: not configured (no entry selects it)");
            return;
        }
        if (entry.Error != null)
        {
            state.Summary.Add($"{link.Name}: skipped, {entry.Key} has an error");
            return;
        }
        var name = link.Name;
        foreach (var command in entry.PreUp)
        {
            state.Command(name, command, name);
        }
        var master = entry.BondMaster ?? entry.BridgeMaster;
        if (master != null && state.Masters.Contains(master) && link.Master != master)
        {
            state.Add(NetActionKind.Enslave, name, [master]);
        }
        if (entry.Mtu is { } mtu)
        {
            state.Add(NetActionKind.SetMtu, name, [mtu.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        }
        var addresses = entry.Addresses.ToList();
        if (entry.Ipv4ll && !entry.Dhcp && LinkLocal.FromMac(link.Mac) is { } ll)
        {
            addresses.Add(ll);
        }
        var exclusive = !entry.Dhcp && !entry.Ipv4ll;
        if (addresses.Count > 0 || exclusive)
        {
            state.Add(NetActionKind.SetAddresses, name, [exclusive ? "exclusive" : "keep-others", .. addresses]);
        }
        if (entry.Dhcp)
        {
            state.Add(NetActionKind.SetAcceptRa, name, ["2"]);
        }
        state.Add(NetActionKind.LinkUp, name);
        foreach (var gateway in new[] { entry.Gateway, entry.GatewayIpv6 }.OfType<string>())
        {
            state.Add(NetActionKind.SetGateway, name, [gateway]);
        }
        if (entry.Dhcp)
        {
            state.Add(NetActionKind.StartDhcp, name, DhcpCommand(entry, name, state.DhcpHook));
            state.Dhcp.Add(name);
        }
        foreach (var command in entry.PostUp)
        {
            state.Command(name, command, name);
        }
        var how = entry.Dhcp ? "dhcp" : "static";
        var detail = addresses.Count > 0 ? " " + string.Join(' ', addresses) : "";
        var via = master != null ? $" in {master}" : "";
        state.Summary.Add($"{name}: {how}{detail}{via} ({entry.Key})");
    }

    /// <summary>Where netconf writes the dhcpcd hook script (<see cref="DhcpLease.HookScript"/>) by default.</summary>
    public const string DefaultDhcpHook = "/run/initos/dhcpcd-hook";

    /// <summary>
    /// The DHCP client's argv: <c>dhcp_args</c> (shell-split) or <c>dhcpcd -A4</c>, then InitOS's fixed options:
    /// <c>-B</c> (stay in the foreground: netconf supervises it), <c>--persistent</c> (a restart of the service
    /// keeps the address), <c>--timeout 0</c> (keep trying; netconf itself waits <c>dhcp_timeout</c>),
    /// <c>--script HOOK</c> (dhcpcd's own hooks are replaced by one that records the lease for netconf, which then
    /// writes resolv.conf and, when no layer names one, the hostname); then the link.
    /// </summary>
    public static IReadOnlyList<string> DhcpCommand(InterfaceConfig entry, string link, string hook)
    {
        var argv = entry.DhcpArgs is { } custom ? ShellWords.Split(custom) : ["dhcpcd", "-A4"];
        argv.AddRange(["-B", "--persistent", "--timeout", "0", "--script", hook, link]);
        return argv;
    }
}
