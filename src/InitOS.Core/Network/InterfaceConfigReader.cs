using System.Globalization;
using System.Net.Sockets;
using InitOS.Core.Config;

namespace InitOS.Core.Network;

/// <summary>
/// Reads one <c>rancher.network.interfaces</c> entry into an <see cref="InterfaceConfig"/>. The first bad value
/// becomes the entry's <see cref="InterfaceConfig.Error"/>, worded with its full key:
/// <c>rancher.network.interfaces.eth1.address: '10.0.0.300/24' is not an address</c>.
/// </summary>
public static class InterfaceConfigReader
{
    /// <summary>The smallest MTU accepted (IPv4's minimum).</summary>
    public const int MinMtu = 68;

    /// <summary>The largest MTU accepted.</summary>
    public const int MaxMtu = 65535;

    /// <summary>Parses the entry under <paramref name="key"/>; <paramref name="prefix"/> names its parent in messages.</summary>
    public static InterfaceConfig Read(string key, object? value, string prefix = "rancher.network.interfaces")
    {
        var path = prefix + "." + key;
        var map = value as Dictionary<string, object?> ?? new Dictionary<string, object?>(StringComparer.Ordinal);
        var errors = new List<string>();
        string? Text(string name) => map.GetValueOrDefault(name) is { } v and not (List<object?> or Dictionary<string, object?>)
            ? ConfigValue.FormatScalar(v) : null;
        List<string> Texts(string name) => map.GetValueOrDefault(name) switch
        {
            List<object?> list => list.Where(i => i != null).Select(i => ConfigValue.FormatScalar(i)).ToList(),
            null => [],
            var v => [ConfigValue.FormatScalar(v)],
        };

        var addresses = new List<string>();
        if (Text("address") is { Length: > 0 } single)
        {
            addresses.Add(single);
        }
        addresses.AddRange(Texts("addresses").Where(a => a.Length > 0));
        foreach (var address in addresses)
        {
            if (!AddressText.IsCidr(address, out _))
            {
                var which = map.ContainsKey("address") && Text("address") == address ? "address" : "addresses";
                errors.Add(AddressText.IsAddress(address, out _)
                    ? $"{path}.{which}: '{address}' has no prefix length (write {address}/24 or /64)"
                    : $"{path}.{which}: '{address}' is not an address");
            }
        }
        var gateway = Blank(Text("gateway"));
        if (gateway != null && (!AddressText.IsAddress(gateway, out var gf) || gf != AddressFamily.InterNetwork))
        {
            errors.Add($"{path}.gateway: '{gateway}' is not an IPv4 address");
        }
        var gateway6 = Blank(Text("gateway_ipv6"));
        if (gateway6 != null && (!AddressText.IsAddress(gateway6, out var gf6) || gf6 != AddressFamily.InterNetworkV6))
        {
            errors.Add($"{path}.gateway_ipv6: '{gateway6}' is not an IPv6 address");
        }
        int? mtu = null;
        if (Text("mtu") is { } mtuText && mtuText.Length > 0)
        {
            if (int.TryParse(mtuText, NumberStyles.None, CultureInfo.InvariantCulture, out var m) && m is >= MinMtu and <= MaxMtu)
            {
                mtu = m;
            }
            else
            {
                errors.Add($"{path}.mtu: '{mtuText}' is not an MTU ({MinMtu}-{MaxMtu})");
            }
        }
        var bridge = Blank(Text("bridge"));
        var isBridge = bridge is "true" or "True" or "TRUE" or "yes";
        string? bridgeMaster = null;
        if (bridge != null && !isBridge && bridge is not ("false" or "False" or "FALSE" or "no"))
        {
            bridgeMaster = CheckName(bridge, $"{path}.bridge", errors);
        }
        var bond = Blank(Text("bond")) is { } b ? CheckName(b, $"{path}.bond", errors) : null;
        var (mode, options) = ReadBondOptions(map.GetValueOrDefault("bond_opts"), path, errors);
        var vlans = ReadVlans(Blank(Text("vlans")), path, errors);
        var selector = Blank(Text("match")) ?? key;

        return new InterfaceConfig
        {
            Key = key,
            Selector = selector,
            Dhcp = IsTrue(map.GetValueOrDefault("dhcp")),
            DhcpArgs = Blank(Text("dhcp_args")),
            Addresses = addresses,
            Gateway = gateway,
            GatewayIpv6 = gateway6,
            Mtu = mtu,
            Ipv4ll = IsTrue(map.GetValueOrDefault("ipv4ll")),
            IsBridge = isBridge,
            BridgeMaster = bridgeMaster,
            BondMaster = bond,
            BondMode = mode,
            BondOptions = options,
            Vlans = vlans,
            PreUp = Texts("pre_up"),
            PostUp = Texts("post_up"),
            Error = errors.Count == 0 ? null : errors[0],
        };
    }

    private static (string? Mode, List<KeyValuePair<string, string>> Options) ReadBondOptions(object? value, string path, List<string> errors)
    {
        var options = new List<KeyValuePair<string, string>>();
        if (value is not Dictionary<string, object?> map)
        {
            return (null, options);
        }
        string? mode = null;
        foreach (var (name, raw) in map.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            var text = raw is null ? "" : ConfigValue.FormatScalar(raw);
            if (name == "mode")
            {
                mode = BondModes.Canonical(text);
                if (mode is null)
                {
                    errors.Add($"{path}.bond_opts.mode: '{text}' is not a bonding mode ({string.Join(", ", BondModes.Names)} or 0-6)");
                }
            }
            else if (name.Length == 0 || !name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_') || text.Any(char.IsWhiteSpace) || text.Length == 0)
            {
                errors.Add($"{path}.bond_opts.{name}: '{text}' is not a bonding option value");
            }
            else
            {
                options.Add(new(name, text));
            }
        }
        return (mode, options);
    }

    private static List<(int, string?)> ReadVlans(string? text, string path, List<string> errors)
    {
        var vlans = new List<(int, string?)>();
        if (text is null)
        {
            return vlans;
        }
        foreach (var item in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var colon = item.IndexOf(':');
            var idText = colon < 0 ? item : item[..colon];
            if (!int.TryParse(idText, NumberStyles.None, CultureInfo.InvariantCulture, out var id) || id is < 1 or > 4094)
            {
                errors.Add($"{path}.vlans: '{idText}' is not a VLAN id (1-4094)");
                continue;
            }
            if (colon < 0)
            {
                vlans.Add((id, null));
            }
            else if (CheckName(item[(colon + 1)..], $"{path}.vlans", errors) is { } name)
            {
                vlans.Add((id, name));
            }
        }
        return vlans;
    }

    private static string? CheckName(string name, string path, List<string> errors)
    {
        if (AddressText.IsLinkName(name))
        {
            return name;
        }
        errors.Add($"{path}: '{name}' is not a link name (1-15 characters, no '/', ':' or spaces)");
        return null;
    }

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    private static bool IsTrue(object? value) =>
        value is true || (value is string s && s.Trim().ToLowerInvariant() is "true" or "yes" or "on" or "1");
}
