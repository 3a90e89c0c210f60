using System.Net;

namespace InitOS.Core.Config;

/// <summary>
/// Datasource meta-data as saved in <c>/var/lib/rancher/conf/metadata</c>: field names match case-insensitively
/// (<c>Hostname:</c> and <c>hostname:</c>). IP addresses are read as normal addresses; the 4- or 16-byte lists
/// RancherOS wrote are also understood.
/// </summary>
public sealed record CloudMetadata(
    string? Hostname,
    IReadOnlyList<KeyValuePair<string, string>> SshPublicKeys,
    string? RootDisk,
    string? PublicIPv4,
    string? PublicIPv6,
    string? PrivateIPv4,
    string? PrivateIPv6,
    object? NetworkConfig)
{
    /// <summary>No meta-data.</summary>
    public static readonly CloudMetadata Empty = new(null, [], null, null, null, null, null, null);

    /// <summary>Reads meta-data from its YAML tree.</summary>
    public static CloudMetadata FromTree(Dictionary<string, object?> tree)
    {
        object? Field(string name) => tree.FirstOrDefault(kv => string.Equals(kv.Key, name, StringComparison.OrdinalIgnoreCase)).Value;
        string? Text(string name) => Field(name) is { } v and not (List<object?> or Dictionary<string, object?>)
            ? ConfigValue.FormatScalar(v) : null;
        var keys = new List<KeyValuePair<string, string>>();
        if (Field("SSHPublicKeys") is Dictionary<string, object?> map)
        {
            foreach (var key in map.Keys.Order(StringComparer.Ordinal))
            {
                if (map[key] is { } k and not (List<object?> or Dictionary<string, object?>))
                {
                    keys.Add(new(key, ConfigValue.FormatScalar(k)));
                }
            }
        }
        return new CloudMetadata(Text("Hostname"), keys, Text("RootDisk"),
            Address(Field("PublicIPv4")), Address(Field("PublicIPv6")),
            Address(Field("PrivateIPv4")), Address(Field("PrivateIPv6")), Field("NetworkConfig"));
    }

    private static string? Address(object? value)
    {
        switch (value)
        {
            case string s when IPAddress.TryParse(s, out var ip):
                return Normalise(ip).ToString();
            case List<object?> bytes when bytes.Count is 4 or 16 && bytes.All(b => b is long l && l is >= 0 and <= 255):
                return Normalise(new IPAddress(bytes.Select(b => (byte)(long)b!).ToArray())).ToString();
            default:
                return null;
        }
    }

    private static IPAddress Normalise(IPAddress ip) => ip.IsIPv4MappedToIPv6 ? ip.MapToIPv4() : ip;
}
