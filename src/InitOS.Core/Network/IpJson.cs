using System.Text.Json;

namespace InitOS.Core.Network;

/// <summary>Reads iproute2's JSON output (<c>ip -j -d link show</c>, <c>ip -j addr show</c>).</summary>
public static class IpJson
{
    /// <summary>The links of <c>ip -j -d link show</c>: name, MAC (lower case), kind
    /// (<c>linkinfo.info_kind</c>), master.</summary>
    public static IReadOnlyList<NetLink> ParseLinks(string json)
    {
        var links = new List<NetLink>();
        using var doc = Parse(json);
        foreach (var item in doc.RootElement.EnumerateArray())
        {
            var name = Text(item, "ifname");
            if (name is null)
            {
                continue;
            }
            var kind = item.TryGetProperty("linkinfo", out var info) ? Text(info, "info_kind") ?? "" : "";
            var mac = Text(item, "link_type") == "ether" ? (Text(item, "address") ?? "").ToLowerInvariant() : "";
            links.Add(new NetLink(name, mac, kind, Text(item, "master")));
        }
        return links;
    }

    /// <summary>The addresses of the first link in <c>ip -j addr show dev LINK</c>.</summary>
    public static IReadOnlyList<LinkAddress> ParseAddresses(string json)
    {
        var result = new List<LinkAddress>();
        using var doc = Parse(json);
        foreach (var link in doc.RootElement.EnumerateArray())
        {
            if (!link.TryGetProperty("addr_info", out var infos) || infos.ValueKind != JsonValueKind.Array)
            {
                continue;
            }
            foreach (var a in infos.EnumerateArray())
            {
                if (Text(a, "local") is { } local && a.TryGetProperty("prefixlen", out var p) && p.ValueKind == JsonValueKind.Number)
                {
                    var dynamic = a.TryGetProperty("dynamic", out var d) && d.ValueKind == JsonValueKind.True;
                    result.Add(new LinkAddress($"{local}/{p.GetInt32()}", Text(a, "scope") ?? "global", dynamic));
                }
            }
            break;
        }
        return result;
    }

    private static JsonDocument Parse(string json) =>
        JsonDocument.Parse(string.IsNullOrWhiteSpace(json) ? "[]" : json);

    private static string? Text(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String
            ? v.GetString() : null;
}
