namespace InitOS.Core.Network;

/// <summary>A DHCP lease as dhcpcd hands it to its hook script: <c>name=value</c> lines (optionally
/// <c>'quoted'</c>) of the script's environment, as netconf's hook records them (<see cref="HookScript"/>) or as
/// <c>dhcpcd -U</c> prints them. <c>new_</c> prefixes are dropped, <c>old_</c> values ignored.</summary>
/// <param name="Address">The leased address (<c>ip_address</c>); null when there is no lease.</param>
/// <param name="Dns">The lease's name servers (<c>domain_name_servers</c>) and search domains
/// (<c>domain_search</c>, else <c>domain_name</c>).</param>
/// <param name="Hostname">The offered host name (<c>host_name</c>).</param>
public sealed record DhcpLease(string? Address, DnsServers Dns, string? Hostname)
{
    /// <summary>
    /// The hook script netconf gives dhcpcd (<c>--script</c>): it records the environment of every event as
    /// <c>STATE_DIR/LINK.env</c> (written to a temp file and renamed, so a reader never sees half of it). An event
    /// that ends the lease (EXPIRE, NAK, RELEASE, STOP…) carries no <c>new_ip_address</c>, so the file then says
    /// "no lease". It replaces dhcpcd's own hooks: netconf owns resolv.conf and the hostname.
    /// </summary>
    public static string HookScript(string stateDirectory) =>
        "#!/bin/sh\n" +
        "# dhcpcd hook of InitOS netconf: records each lease event for netconf, which owns resolv.conf and the hostname\n" +
        $"d='{stateDirectory.Replace("'", "'\\''", StringComparison.Ordinal)}'\n" +
        "mkdir -p \"$d\" && env | grep -E '^(reason|interface|new_[a-z0-9_]+)=' > \"$d/.$interface.env.$$\" && mv -f \"$d/.$interface.env.$$\" \"$d/$interface.env\"\n";

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
            var key = line[..eq];
            if (key.StartsWith("old_", StringComparison.Ordinal))
            {
                continue;
            }
            values[key.StartsWith("new_", StringComparison.Ordinal) ? key[4..] : key] = Unquote(line[(eq + 1)..]);
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
