using InitOS.Core.Services;

namespace InitOS.Core.Network;

public static partial class NetworkPlanner
{
    /// <summary>Bonds, bridges and VLANs the selected entries ask for; returns them as links, in order.</summary>
    private static List<NetLink> PlanVirtualLinks(PlanState state, List<NetLink> present)
    {
        var byName = present.ToDictionary(l => l.Name, StringComparer.Ordinal);
        var selected = present
            .Select(l => (Link: l, Entry: InterfaceSelector.Select(l, state.Settings.Interfaces)))
            .Where(p => p.Entry is { Error: null })
            .Select(p => (p.Link, Entry: p.Entry!))
            .ToList();
        var result = new List<NetLink>();

        var bonds = selected.Select(p => p.Entry.BondMaster).OfType<string>().Distinct().Order(StringComparer.Ordinal);
        foreach (var bond in bonds)
        {
            var link = new NetLink(bond, "", "bond");
            if (!Usable(state, byName, link))
            {
                continue;
            }
            var entry = InterfaceSelector.Select(link, state.Settings.Interfaces);
            if (entry?.Error != null)
            {
                continue;
            }
            if (!byName.ContainsKey(bond))
            {
                state.Add(NetActionKind.CreateBond, bond, [entry?.BondMode ?? BondModes.Names[0]]);
            }
            foreach (var (key, value) in entry?.BondOptions ?? [])
            {
                state.Add(NetActionKind.SetBondOption, bond, [key, value]);
            }
            state.Masters.Add(bond);
            result.Add(link);
        }

        var bridges = state.Settings.Interfaces
            .Where(e => e.IsBridge && e.Error is null && !e.Selector.Contains('*') && !e.Selector.StartsWith("mac", StringComparison.Ordinal))
            .Select(e => e.Selector)
            .Concat(selected.Select(p => p.Entry.BridgeMaster).OfType<string>())
            .Distinct().Order(StringComparer.Ordinal);
        foreach (var bridge in bridges)
        {
            var link = new NetLink(bridge, "", "bridge");
            if (!Usable(state, byName, link) || InterfaceSelector.Select(link, state.Settings.Interfaces)?.Error != null)
            {
                continue;
            }
            if (!byName.ContainsKey(bridge))
            {
                state.Add(NetActionKind.CreateBridge, bridge);
            }
            state.Masters.Add(bridge);
            result.Add(link);
        }

        var parents = selected.Select(p => (p.Link.Name, p.Entry)).Concat(
            result.Select(l => (l.Name, Entry: InterfaceSelector.Select(l, state.Settings.Interfaces)))
                .Where(p => p.Entry is { Error: null }).Select(p => (p.Name, p.Entry!)));
        foreach (var (parent, entry) in parents.ToList())
        {
            foreach (var (id, given) in entry.Vlans)
            {
                var name = given ?? $"{parent}.{id}";
                if (!AddressText.IsLinkName(name))
                {
                    state.Diagnostics.Add($"rancher.network.interfaces.{entry.Key}.vlans: '{name}' is longer than 15 characters; VLAN {id} on '{parent}' skipped");
                    continue;
                }
                var link = new NetLink(name, "", "vlan");
                if (!Usable(state, byName, link))
                {
                    continue;
                }
                if (!byName.ContainsKey(name))
                {
                    state.Add(NetActionKind.CreateVlan, name, [parent, id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
                }
                result.Add(link);
            }
        }
        return result;
    }

    /// <summary>A link to create is usable when no other link of another kind has its name.</summary>
    private static bool Usable(PlanState state, Dictionary<string, NetLink> byName, NetLink link)
    {
        if (byName.TryGetValue(link.Name, out var existing) && existing.Kind != link.Kind)
        {
            state.Diagnostics.Add($"'{link.Name}' exists as a {(existing.Kind.Length == 0 ? "device" : existing.Kind)}, not a {link.Kind}; not created");
            return false;
        }
        if (state.Claimed.Add(link.Name))
        {
            return true;
        }
        state.Diagnostics.Add($"'{link.Name}' is asked for twice; the second ({link.Kind}) is ignored");
        return false;
    }

    private sealed class PlanState(NetworkSettings settings, IReadOnlyList<NetLink> links, string dhcpHook)
    {
        public string DhcpHook { get; } = dhcpHook;
        public NetworkSettings Settings { get; } = settings;
        public IReadOnlyList<NetLink> Links { get; } = links;
        public List<NetAction> Actions { get; } = [];
        public List<string> Summary { get; } = [];
        public List<string> Dhcp { get; } = [];
        public List<string> Diagnostics { get; } = [];
        public HashSet<string> Masters { get; } = new(StringComparer.Ordinal);
        public HashSet<string> Claimed { get; } = new(StringComparer.Ordinal);

        public void Add(NetActionKind kind, string link, IReadOnlyList<string>? values = null) =>
            Actions.Add(new NetAction(kind, link, values ?? []));

        /// <summary>A command, shell-split, with <c>$iface</c> replaced by the link name.</summary>
        public void Command(string link, string command, string? iface)
        {
            var text = iface is null ? command : command.Replace("$iface", iface, StringComparison.Ordinal);
            var argv = ShellWords.Split(text);
            if (argv.Count > 0)
            {
                Add(NetActionKind.RunCommand, link, argv);
            }
        }
    }
}
