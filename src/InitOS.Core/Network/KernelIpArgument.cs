using System.Net.Sockets;
using InitOS.Core.Cmdline;

namespace InitOS.Core.Network;

/// <summary>
/// The kernel's <c>ip=</c> argument (Documentation/admin-guide/nfs/nfsroot.rst) as interface entries:
/// <c>ip=dhcp</c> (also <c>on</c>, <c>any</c>, <c>bootp</c>, <c>rarp</c>, <c>both</c>) turns DHCP on for every
/// device (key <c>*</c>); <c>ip=&lt;client&gt;:&lt;server&gt;:&lt;gw&gt;:&lt;netmask&gt;:&lt;host&gt;:&lt;dev&gt;:&lt;autoconf&gt;:&lt;dns0&gt;:&lt;dns1&gt;</c>
/// gives a static address (netmask empty: the class default) and gateway when autoconf is <c>off</c>/<c>none</c>
/// or empty with a client address, DHCP otherwise; <c>ip=off</c>/<c>none</c> configures nothing. Several
/// <c>ip=</c> arguments each describe their device; for one device the last wins. The server and hostname
/// fields are not used.
/// </summary>
public static class KernelIpArgument
{
    /// <summary>What the arguments describe.</summary>
    /// <param name="Interfaces">Entries keyed by device, in the shape of <c>rancher.network.interfaces</c>.</param>
    /// <param name="Nameservers">The dns0/dns1 fields.</param>
    /// <param name="Errors">One message per argument that could not be used.</param>
    public sealed record Result(Dictionary<string, object?> Interfaces, IReadOnlyList<string> Nameservers, IReadOnlyList<string> Errors);

    private static readonly string[] DhcpWords = ["dhcp", "on", "any", "bootp", "rarp", "both"];

    /// <summary>Reads every <c>ip=</c> token of the raw command line.</summary>
    public static Result Parse(string cmdline)
    {
        var interfaces = new Dictionary<string, object?>(StringComparer.Ordinal);
        var nameservers = new List<string>();
        var errors = new List<string>();
        foreach (var token in KernelCmdline.Split(cmdline))
        {
            if (token.StartsWith("ip=", StringComparison.Ordinal))
            {
                ParseOne(token, interfaces, nameservers, errors);
            }
        }
        return new Result(interfaces, nameservers.Distinct(StringComparer.Ordinal).ToList(), errors);
    }

    private static void ParseOne(string token, Dictionary<string, object?> interfaces, List<string> nameservers, List<string> errors)
    {
        var value = token[3..];
        if (value is "off" or "none" or "")
        {
            return;
        }
        if (DhcpWords.Contains(value))
        {
            interfaces["*"] = Entry(dhcp: true);
            return;
        }
        var f = value.Split(':');
        string Field(int i) => i < f.Length ? f[i] : "";
        var (client, gateway, netmask, device, autoconf) = (Field(0), Field(2), Field(3), Field(5), Field(6));
        var key = device.Length == 0 ? "*" : device;
        if (device.Length > 0 && !AddressText.IsLinkName(device))
        {
            errors.Add($"{token}: '{device}' is not a link name; ignored");
            return;
        }
        foreach (var dns in new[] { Field(7), Field(8) }.Where(d => d.Length > 0))
        {
            if (AddressText.IsAddress(dns, out _))
            {
                nameservers.Add(dns);
            }
            else
            {
                errors.Add($"{token}: DNS server '{dns}' is not an address; ignored");
            }
        }
        var dhcp = DhcpWords.Contains(autoconf) || (autoconf.Length == 0 && client.Length == 0);
        if (dhcp)
        {
            interfaces[key] = Entry(dhcp: true);
            return;
        }
        if (autoconf is not ("off" or "none" or ""))
        {
            errors.Add($"{token}: autoconf '{autoconf}' is not one of off, none, dhcp, on, any, bootp, rarp, both; ignored");
            return;
        }
        if (!AddressText.IsAddress(client, out var family) || family != AddressFamily.InterNetwork)
        {
            errors.Add($"{token}: client '{client}' is not an IPv4 address; ignored");
            return;
        }
        int? prefix = netmask.Length == 0 ? ClassPrefix(client) : AddressText.PrefixOfNetmask(netmask);
        if (prefix is null)
        {
            errors.Add($"{token}: netmask '{netmask}' is not a netmask; ignored");
            return;
        }
        var entry = Entry(dhcp: false);
        entry["address"] = $"{client}/{prefix}";
        if (gateway.Length > 0)
        {
            if (!AddressText.IsAddress(gateway, out var gf) || gf != AddressFamily.InterNetwork)
            {
                errors.Add($"{token}: gateway '{gateway}' is not an IPv4 address; ignored");
                return;
            }
            entry["gateway"] = gateway;
        }
        interfaces[key] = entry;
    }

    private static Dictionary<string, object?> Entry(bool dhcp) => new(StringComparer.Ordinal) { ["dhcp"] = dhcp };

    private static int ClassPrefix(string address)
    {
        var first = int.Parse(address.AsSpan(0, address.IndexOf('.')), System.Globalization.CultureInfo.InvariantCulture);
        return first < 128 ? 8 : first < 192 ? 16 : 24;
    }
}
