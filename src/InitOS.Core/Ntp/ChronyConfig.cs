using System.Text;
using InitOS.Core.Config;

namespace InitOS.Core.Ntp;

/// <summary>
/// The chrony configuration the <c>ntp</c> system service runs with, decided from the merged config: the
/// cloud-config <c>ntp.servers</c> and <c>ntp.pools</c> (cloud-init's keys), else Debian's default pool.
/// Every entry must be a host name or an address; anything else (a space or newline would let a value add
/// chrony directives) is reported and skipped. Keys chrony is not configured from are named as unapplied.
/// </summary>
public sealed record ChronyConfig(string Text, IReadOnlyList<string> Servers, IReadOnlyList<string> Pools,
    IReadOnlyList<string> Problems, IReadOnlyList<string> Unapplied)
{
    /// <summary>Where the <c>ntp</c> service's <c>ntp-init</c> writes the file, inside its container.</summary>
    public const string Path = "/etc/chrony/chrony.conf";

    /// <summary>The pool used when the configuration names no server and no pool (Debian's default).</summary>
    public const string DefaultPool = "2.debian.pool.ntp.org";

    /// <summary>Decides the configuration for the merged <paramref name="tree"/>.</summary>
    public static ChronyConfig From(Dictionary<string, object?> tree)
    {
        var problems = new List<string>();
        var unapplied = new List<string>();
        var servers = new List<string>();
        var pools = new List<string>();
        switch (tree.GetValueOrDefault("ntp"))
        {
            case null:
                break;
            case Dictionary<string, object?> ntp:
                servers = Hosts(ntp, "servers", problems);
                pools = Hosts(ntp, "pools", problems);
                foreach (var key in ntp.Keys.Where(k => k is not ("servers" or "pools" or "enabled")).Order(StringComparer.Ordinal))
                {
                    unapplied.Add($"'ntp.{key}' (InitOS configures chrony from ntp.servers and ntp.pools only)");
                }
                if (ntp.GetValueOrDefault("enabled") is false)
                {
                    unapplied.Add("'ntp.enabled: false' (the ntp system service is controlled by rancher.services)");
                }
                break;
            default:
                problems.Add("ntp: must be a map with servers and pools, ignored");
                break;
        }
        var defaulted = servers.Count == 0 && pools.Count == 0;
        var text = new StringBuilder("# Written by ntp-init from the configuration (ntp.servers, ntp.pools) at every start of\n")
            .Append("# the ntp service; edit the configuration, not this file.\n");
        foreach (var server in servers)
        {
            text.Append("server ").Append(server).Append(" iburst\n");
        }
        foreach (var pool in defaulted ? [DefaultPool] : pools)
        {
            text.Append("pool ").Append(pool).Append(" iburst\n");
        }
        text.Append("driftfile /var/lib/chrony/chrony.drift\n")
            .Append("makestep 1.0 3\n")
            .Append("rtcsync\n")
            .Append("leapsectz right/UTC\n");
        return new ChronyConfig(text.ToString(), servers, defaulted ? [DefaultPool] : pools, problems, unapplied);
    }

    /// <summary>True for a host name (letters, digits, '-', '.', '_') or an IPv4/IPv6 address.</summary>
    public static bool IsHost(string value) =>
        value.Length is > 0 and <= 253 && !value.StartsWith('-')
        && (value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_')
            || (value.Contains(':') && System.Net.IPAddress.TryParse(value, out _)));

    private static List<string> Hosts(Dictionary<string, object?> ntp, string key, List<string> problems)
    {
        var hosts = new List<string>();
        var value = ntp.GetValueOrDefault(key);
        var entries = value switch
        {
            null => [],
            List<object?> list => list,
            _ => [value],
        };
        for (var i = 0; i < entries.Count; i++)
        {
            var text = entries[i] is null ? "" : ConfigValue.FormatScalar(entries[i]).Trim();
            if (entries[i] is List<object?> or Dictionary<string, object?> || !IsHost(text))
            {
                problems.Add($"ntp.{key}[{i}]: '{text}' is not a host name or address, skipped");
                continue;
            }
            if (!hosts.Contains(text, StringComparer.Ordinal))
            {
                hosts.Add(text);
            }
        }
        return hosts;
    }
}
