using InitOS.Core.Config;

namespace InitOS.Core.Network;

/// <summary>Name servers and search domains, in order, without duplicates.</summary>
/// <param name="Nameservers">Server addresses.</param>
/// <param name="Search">Search domains.</param>
public sealed record DnsServers(IReadOnlyList<string> Nameservers, IReadOnlyList<string> Search)
{
    /// <summary>No servers, no domains.</summary>
    public static DnsServers None { get; } = new([], []);

    /// <summary>True when there is no name server (search domains alone do not make a usable resolv.conf).</summary>
    public bool IsEmpty => Nameservers.Count == 0;

    /// <summary>Reads a <c>dns: {nameservers, search}</c> map.</summary>
    public static DnsServers From(object? dns)
    {
        if (dns is not Dictionary<string, object?> map)
        {
            return None;
        }
        return new DnsServers(Words(map.GetValueOrDefault("nameservers")), Words(map.GetValueOrDefault("search")));
    }

    /// <summary>The union of several sets, first occurrence wins.</summary>
    public static DnsServers Union(IEnumerable<DnsServers> sets)
    {
        var all = sets.ToList();
        return new DnsServers(all.SelectMany(s => s.Nameservers).Distinct(StringComparer.Ordinal).ToList(),
            all.SelectMany(s => s.Search).Distinct(StringComparer.Ordinal).ToList());
    }

    private static List<string> Words(object? value)
    {
        IEnumerable<string> items = value switch
        {
            List<object?> list => list.Where(i => i != null).Select(i => ConfigValue.FormatScalar(i)),
            null => [],
            var v => ConfigValue.FormatScalar(v).Split((char[])[' ', ','], StringSplitOptions.RemoveEmptyEntries),
        };
        return items.Select(i => i.Trim()).Where(i => i.Length > 0).Distinct(StringComparer.Ordinal).ToList();
    }
}
