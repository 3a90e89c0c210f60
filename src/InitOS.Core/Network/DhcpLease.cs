namespace InitOS.Core.Network;

/// <summary>A DHCP lease as <c>dhcpcd -U LINK</c> prints it (<c>name='value'</c> lines, the shell variables its
/// hooks see).</summary>
/// <param name="Address">The leased address (<c>ip_address</c>); null when there is no lease.</param>
/// <param name="Dns">The lease's name servers (<c>domain_name_servers</c>) and search domains
/// (<c>domain_search</c>, else <c>domain_name</c>).</param>
/// <param name="Hostname">The offered host name (<c>host_name</c>).</param>
public sealed record DhcpLease(string? Address, DnsServers Dns, string? Hostname)
{
    /// <summary>Parses the dump; a dump without <c>ip_address</c> is no lease.</summary>
    public static DhcpLease Parse(string dump)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var raw in dump.Split('\n'))
        {
            var line = raw.Trim();
            var eq = line.IndexOf('=');
            if (eq <= 0 || !line[..eq].All(c => char.IsAsciiLetterOrDigit(c) || c == '_'))
            {
                continue;
            }
            values[line[..eq]] = Unquote(line[(eq + 1)..]);
        }
        string[] Words(string key) => values.TryGetValue(key, out var v)
            ? v.Split(' ', StringSplitOptions.RemoveEmptyEntries) : [];
        var search = Words("domain_search");
        if (search.Length == 0)
        {
            search = Words("domain_name");
        }
        var servers = Words("domain_name_servers").Where(s => AddressText.IsAddress(s, out _)).Distinct().ToList();
        return new DhcpLease(values.GetValueOrDefault("ip_address"), new DnsServers(servers, search.Distinct().ToList()),
            values.GetValueOrDefault("host_name"));
    }

    private static string Unquote(string value)
    {
        if (value.Length >= 2 && value[0] == '\'' && value[^1] == '\'')
        {
            return value[1..^1].Replace("'\\''", "'", StringComparison.Ordinal);
        }
        if (value.Length >= 2 && value[0] == '"' && value[^1] == '"')
        {
            return value[1..^1];
        }
        return value;
    }
}
