using System.Net;
using System.Text.Json;

namespace InitOS.Core.Datasources;

/// <summary>
/// Converts OpenStack <c>network_data.json</c> into the <c>rancher.network</c> shape: each link with a MAC becomes
/// an interface selected by <c>mac=…</c>; <c>ipv4</c>/<c>ipv6</c> networks give static addresses (and the
/// gateway of their default route), <c>ipv4_dhcp</c>/<c>ipv6_dhcp</c> turn DHCP on; <c>dns</c> services become
/// <c>dns.nameservers</c>.
/// </summary>
public static class OpenStackNetwork
{
    /// <summary>The converted tree; <c>null</c> when the document describes nothing usable.</summary>
    public static Dictionary<string, object?>? ToRancherNetwork(JsonElement root)
    {
        var macs = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var link in JsonMetadata.Array(root, "links"))
        {
            if (JsonMetadata.String(link, "id") is { } id && JsonMetadata.String(link, "ethernet_mac_address") is { } mac)
            {
                macs[id] = mac.ToLowerInvariant();
            }
        }
        var interfaces = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var network in JsonMetadata.Array(root, "networks"))
        {
            if (JsonMetadata.String(network, "link") is not { } link || !macs.TryGetValue(link, out var mac))
            {
                continue;
            }
            var key = "mac=" + mac;
            if (interfaces.GetValueOrDefault(key) is not Dictionary<string, object?> iface)
            {
                iface = new Dictionary<string, object?>(StringComparer.Ordinal) { ["dhcp"] = false };
                interfaces[key] = iface;
            }
            var type = JsonMetadata.String(network, "type") ?? "";
            if (type.EndsWith("_dhcp", StringComparison.Ordinal))
            {
                iface["dhcp"] = true;
                continue;
            }
            if (type is not ("ipv4" or "ipv6") || JsonMetadata.String(network, "ip_address") is not { } address)
            {
                continue;
            }
            var addresses = iface.GetValueOrDefault("addresses") as List<object?> ?? [];
            addresses.Add(address.Contains('/') ? address : $"{address}/{Prefix(JsonMetadata.String(network, "netmask"), type)}");
            iface["addresses"] = addresses;
            foreach (var route in JsonMetadata.Array(network, "routes"))
            {
                var destination = JsonMetadata.String(route, "network");
                if (destination is "0.0.0.0" or "::" && JsonMetadata.String(route, "gateway") is { } gateway)
                {
                    iface.TryAdd(type == "ipv4" ? "gateway" : "gateway_ipv6", gateway);
                }
            }
        }
        var result = new Dictionary<string, object?>(StringComparer.Ordinal);
        if (interfaces.Count > 0)
        {
            result["interfaces"] = interfaces;
        }
        var nameservers = JsonMetadata.Array(root, "services")
            .Where(s => JsonMetadata.String(s, "type") == "dns")
            .Select(s => JsonMetadata.String(s, "address"))
            .OfType<string>().Distinct().Select(a => (object?)a).ToList();
        if (nameservers.Count > 0)
        {
            result["dns"] = new Dictionary<string, object?>(StringComparer.Ordinal) { ["nameservers"] = nameservers };
        }
        return result.Count > 0 ? result : null;
    }

    private static int Prefix(string? netmask, string type)
    {
        if (netmask is null)
        {
            return type == "ipv4" ? 32 : 128;
        }
        if (int.TryParse(netmask, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var bits))
        {
            return bits;
        }
        return IPAddress.TryParse(netmask, out var mask) ? DigitalOceanDatasource.PrefixLength(mask) : (type == "ipv4" ? 32 : 128);
    }
}
