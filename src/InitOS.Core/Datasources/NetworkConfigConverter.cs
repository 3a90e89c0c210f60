using InitOS.Core.Config;

namespace InitOS.Core.Datasources;

/// <summary>
/// Converts cloud-init network configuration (version 1 <c>config:</c> lists and version 2 netplan-style
/// <c>ethernets:</c>) into RancherOS's <c>rancher.network</c> shape: <c>interfaces</c> (keyed by name, with
/// <c>match: mac=…</c> when the source matched by MAC), <c>dhcp</c>, <c>addresses</c>, <c>gateway</c>,
/// <c>gateway_ipv6</c>, <c>mtu</c>, and <c>dns.nameservers</c>/<c>dns.search</c>.
/// </summary>
public static class NetworkConfigConverter
{
    /// <summary>The converted tree; <c>null</c> when the input holds nothing InitOS understands.</summary>
    public static Dictionary<string, object?>? ToRancherNetwork(Dictionary<string, object?> config)
    {
        if (config.GetValueOrDefault("network") is Dictionary<string, object?> inner)
        {
            config = inner;
        }
        var interfaces = new Dictionary<string, object?>(StringComparer.Ordinal);
        var nameservers = new List<object?>();
        var search = new List<object?>();
        var version = config.GetValueOrDefault("version") is { } v ? ConfigValue.FormatScalar(v) : "1";
        if (version == "2")
        {
            FromVersion2(config, interfaces, nameservers, search);
        }
        else
        {
            FromVersion1(config, interfaces, nameservers, search);
        }
        var network = new Dictionary<string, object?>(StringComparer.Ordinal);
        if (interfaces.Count > 0)
        {
            network["interfaces"] = interfaces;
        }
        if (nameservers.Count > 0 || search.Count > 0)
        {
            var dns = new Dictionary<string, object?>(StringComparer.Ordinal);
            if (nameservers.Count > 0)
            {
                dns["nameservers"] = nameservers;
            }
            if (search.Count > 0)
            {
                dns["search"] = search;
            }
            network["dns"] = dns;
        }
        return network.Count > 0 ? network : null;
    }

    private static void FromVersion2(Dictionary<string, object?> config, Dictionary<string, object?> interfaces, List<object?> nameservers, List<object?> search)
    {
        if (config.GetValueOrDefault("ethernets") is not Dictionary<string, object?> ethernets)
        {
            return;
        }
        foreach (var (name, value) in ethernets)
        {
            if (value is not Dictionary<string, object?> eth)
            {
                continue;
            }
            var iface = new Dictionary<string, object?>(StringComparer.Ordinal);
            if (eth.GetValueOrDefault("match") is Dictionary<string, object?> match)
            {
                if (Text(match, "macaddress") is { } mac)
                {
                    iface["match"] = "mac=" + mac.ToLowerInvariant();
                }
                else if (Text(match, "name") is { } glob)
                {
                    iface["match"] = glob;
                }
            }
            iface["dhcp"] = IsTrue(eth.GetValueOrDefault("dhcp4")) || IsTrue(eth.GetValueOrDefault("dhcp6"));
            AddAll(iface, "addresses", eth.GetValueOrDefault("addresses"));
            Copy(eth, "gateway4", iface, "gateway");
            Copy(eth, "gateway6", iface, "gateway_ipv6");
            Copy(eth, "mtu", iface, "mtu");
            foreach (var route in eth.GetValueOrDefault("routes") as List<object?> ?? [])
            {
                if (route is Dictionary<string, object?> r && Text(r, "to") is "default" or "0.0.0.0/0" && Text(r, "via") is { } via)
                {
                    iface.TryAdd("gateway", via);
                }
                else if (route is Dictionary<string, object?> r6 && Text(r6, "to") is "::/0" && Text(r6, "via") is { } via6)
                {
                    iface.TryAdd("gateway_ipv6", via6);
                }
            }
            if (eth.GetValueOrDefault("nameservers") is Dictionary<string, object?> ns)
            {
                AddDistinct(nameservers, ns.GetValueOrDefault("addresses"));
                AddDistinct(search, ns.GetValueOrDefault("search"));
            }
            interfaces[name] = iface;
        }
    }

    private static void FromVersion1(Dictionary<string, object?> config, Dictionary<string, object?> interfaces, List<object?> nameservers, List<object?> search)
    {
        foreach (var entry in config.GetValueOrDefault("config") as List<object?> ?? [])
        {
            if (entry is not Dictionary<string, object?> item)
            {
                continue;
            }
            switch (Text(item, "type"))
            {
                case "nameserver":
                    AddDistinct(nameservers, item.GetValueOrDefault("address"));
                    AddDistinct(search, item.GetValueOrDefault("search"));
                    break;
                case "physical" when Text(item, "name") is { } name:
                    var iface = new Dictionary<string, object?>(StringComparer.Ordinal);
                    if (Text(item, "mac_address") is { } mac)
                    {
                        iface["match"] = "mac=" + mac.ToLowerInvariant();
                    }
                    Copy(item, "mtu", iface, "mtu");
                    var dhcp = false;
                    var addresses = new List<object?>();
                    foreach (var subnet in item.GetValueOrDefault("subnets") as List<object?> ?? [])
                    {
                        if (subnet is not Dictionary<string, object?> s)
                        {
                            continue;
                        }
                        var type = Text(s, "type") ?? "";
                        if (type.StartsWith("dhcp", StringComparison.Ordinal))
                        {
                            dhcp = true;
                            continue;
                        }
                        if (Text(s, "address") is { } address)
                        {
                            addresses.Add(WithPrefix(address, Text(s, "netmask")));
                        }
                        var v6 = type == "static6" || (Text(s, "address") ?? "").Contains(':');
                        if (Text(s, "gateway") is { } gateway)
                        {
                            iface.TryAdd(v6 ? "gateway_ipv6" : "gateway", gateway);
                        }
                        AddDistinct(nameservers, s.GetValueOrDefault("dns_nameservers"));
                        AddDistinct(search, s.GetValueOrDefault("dns_search"));
                    }
                    iface["dhcp"] = dhcp;
                    if (addresses.Count > 0)
                    {
                        iface["addresses"] = addresses;
                    }
                    interfaces[name] = iface;
                    break;
            }
        }
    }

    private static string WithPrefix(string address, string? netmask)
    {
        if (address.Contains('/') || netmask is null)
        {
            return address;
        }
        return System.Net.IPAddress.TryParse(netmask, out var mask)
            ? $"{address}/{DigitalOceanDatasource.PrefixLength(mask)}"
            : $"{address}/{netmask}";
    }

    private static bool IsTrue(object? value) => value is true || (value is string s && s.Equals("true", StringComparison.OrdinalIgnoreCase));

    private static string? Text(Dictionary<string, object?> map, string key) =>
        map.GetValueOrDefault(key) is { } v and not (List<object?> or Dictionary<string, object?>) ? ConfigValue.FormatScalar(v) : null;

    private static void Copy(Dictionary<string, object?> from, string key, Dictionary<string, object?> to, string target)
    {
        if (from.GetValueOrDefault(key) is { } value and not (List<object?> or Dictionary<string, object?>))
        {
            to[target] = value;
        }
    }

    private static void AddAll(Dictionary<string, object?> to, string key, object? list)
    {
        if (list is List<object?> { Count: > 0 } items)
        {
            to[key] = items.Select(i => (object?)ConfigValue.FormatScalar(i)).ToList();
        }
    }

    private static void AddDistinct(List<object?> to, object? value)
    {
        IEnumerable<object?> items = value switch
        {
            List<object?> list => list,
            string s => s.Split((char[])[' ', ','], StringSplitOptions.RemoveEmptyEntries),
            _ => [],
        };
        foreach (var item in items)
        {
            var text = ConfigValue.FormatScalar(item);
            if (!to.Contains(text))
            {
                to.Add(text);
            }
        }
    }
}
