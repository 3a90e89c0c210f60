using InitOS.Core.Config;

namespace InitOS.Core.Network;

/// <summary>
/// <c>rancher.network</c> of the merged config, read once: the interface entries (checked), the global commands,
/// the DHCP timeout, the user's DNS and the fallback DNS from <c>rancher.defaults.network.dns</c>, and whether any
/// layer names the hostname. Rules:
/// <list type="bullet">
/// <item>no <c>interfaces</c> at all (from any layer or <c>ip=</c>) means <c>eth*: {dhcp: true}</c>;</item>
/// <item>the kernel's <c>ip=</c> arguments add an entry for their device (<c>*</c> without one) unless the config
/// already has that key, and their DNS servers count only when the config names none;</item>
/// <item><c>dhcp_timeout</c> comes from <c>rancher.network</c>, else the defaults, else 10 s; a value outside
/// 1..3600 s is clamped to the nearest bound and reported.</item>
/// </list>
/// </summary>
public sealed record NetworkSettings
{
    /// <summary>The fallback when no layer sets <c>dhcp_timeout</c>.</summary>
    public const int DefaultDhcpTimeout = 10;

    /// <summary>The interface entries in ordinal key order.</summary>
    public IReadOnlyList<InterfaceConfig> Interfaces { get; init; } = [];

    /// <summary><c>pre_cmds</c>, run before anything else.</summary>
    public IReadOnlyList<string> PreCmds { get; init; } = [];

    /// <summary><c>post_cmds</c>, run last.</summary>
    public IReadOnlyList<string> PostCmds { get; init; } = [];

    /// <summary>Seconds to wait for each DHCP lease.</summary>
    public int DhcpTimeout { get; init; } = DefaultDhcpTimeout;

    /// <summary>The user's DNS (<c>rancher.network.dns</c>); empty when none is set.</summary>
    public DnsServers UserDns { get; init; } = DnsServers.None;

    /// <summary>The fallback DNS (<c>rancher.defaults.network.dns</c>).</summary>
    public DnsServers DefaultDns { get; init; } = DnsServers.None;

    /// <summary>Whether a layer sets the top-level <c>hostname</c> (then DHCP must not change it).</summary>
    public bool HostnameConfigured { get; init; }

    /// <summary>Problems found outside the interface entries (name servers, the <c>ip=</c> argument).</summary>
    public IReadOnlyList<string> Diagnostics { get; init; } = [];

    /// <summary>Reads the settings from the merged tree and the raw kernel command line (may be null).</summary>
    public static NetworkSettings From(Dictionary<string, object?> tree, string? cmdline)
    {
        var network = ConfigTree.TryGet(tree, ["rancher", "network"], out var n) ? n as Dictionary<string, object?> : null;
        var defaults = ConfigTree.TryGet(tree, ["rancher", "defaults", "network"], out var d) ? d as Dictionary<string, object?> : null;
        network ??= new Dictionary<string, object?>(StringComparer.Ordinal);

        var entries = new SortedDictionary<string, object?>(StringComparer.Ordinal);
        if (network.GetValueOrDefault("interfaces") is Dictionary<string, object?> configured)
        {
            foreach (var (key, value) in configured)
            {
                entries[key] = value;
            }
        }
        var kernel = KernelIpArgument.Parse(cmdline ?? "");
        foreach (var (key, value) in kernel.Interfaces)
        {
            entries.TryAdd(key, value);
        }
        var interfaces = entries.Select(e => InterfaceConfigReader.Read(e.Key, e.Value)).ToList();
        if (interfaces.Count == 0)
        {
            interfaces.Add(new InterfaceConfig { Key = "eth*", Selector = "eth*", Dhcp = true });
        }

        var diagnostics = new List<string>(kernel.Errors);
        var userDns = CheckedServers(DnsServers.From(network.GetValueOrDefault("dns")), "rancher.network.dns.nameservers", diagnostics);
        if (userDns.IsEmpty && kernel.Nameservers.Count > 0)
        {
            userDns = new DnsServers(kernel.Nameservers, []);
        }
        var hostname = tree.GetValueOrDefault("hostname");
        return new NetworkSettings
        {
            Interfaces = interfaces,
            PreCmds = Strings(network.GetValueOrDefault("pre_cmds")),
            PostCmds = Strings(network.GetValueOrDefault("post_cmds")),
            DhcpTimeout = Timeout(network, "rancher.network", diagnostics)
                ?? (defaults is null ? null : Timeout(defaults, "rancher.defaults.network", diagnostics)) ?? DefaultDhcpTimeout,
            UserDns = userDns,
            DefaultDns = CheckedServers(DnsServers.From(defaults?.GetValueOrDefault("dns")), "rancher.defaults.network.dns.nameservers", diagnostics),
            HostnameConfigured = hostname is not null && ConfigValue.FormatScalar(hostname).Trim().Length > 0,
            Diagnostics = diagnostics,
        };
    }

    /// <summary>Drops name servers that are not IP addresses, saying so.</summary>
    private static DnsServers CheckedServers(DnsServers dns, string key, List<string> diagnostics)
    {
        var bad = dns.Nameservers.Where(n => !AddressText.IsAddress(n, out _)).ToList();
        diagnostics.AddRange(bad.Select(n => $"{key}: '{n}' is not an address; ignored"));
        return bad.Count == 0 ? dns : dns with { Nameservers = dns.Nameservers.Except(bad).ToList() };
    }

    /// <summary>Lowest DHCP wait, in seconds.</summary>
    public const int MinDhcpTimeout = 1;

    /// <summary>Highest DHCP wait, in seconds: an hour.</summary>
    public const int MaxDhcpTimeout = 3600;

    private static int? Timeout(Dictionary<string, object?> map, string section, List<string> diagnostics)
    {
        var value = map.GetValueOrDefault("dhcp_timeout") is string s && long.TryParse(s, out var parsed) ? parsed : map.GetValueOrDefault("dhcp_timeout");
        var seconds = ConfigNumber.Clamp(value, section + ".dhcp_timeout", MinDhcpTimeout, MaxDhcpTimeout, " s", out var problem);
        if (problem != null)
        {
            diagnostics.Add(problem);
        }
        return (int?)seconds;
    }

    private static List<string> Strings(object? value) => value switch
    {
        List<object?> list => list.Where(i => i != null).Select(i => ConfigValue.FormatScalar(i)).Where(s => s.Trim().Length > 0).ToList(),
        string s when s.Trim().Length > 0 => [s],
        _ => [],
    };
}
