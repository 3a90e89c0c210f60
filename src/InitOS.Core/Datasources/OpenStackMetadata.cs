using System.Text.Json;

namespace InitOS.Core.Datasources;

/// <summary>
/// The OpenStack layout shared by the metadata service and the config drive:
/// <c>openstack/latest/meta_data.json</c> and <c>openstack/latest/user_data</c>.
/// </summary>
public static class OpenStackMetadata
{
    /// <summary>Path of the meta-data document.</summary>
    public const string MetaDataPath = "openstack/latest/meta_data.json";

    /// <summary>Path of the user-data document.</summary>
    public const string UserDataPath = "openstack/latest/user_data";

    /// <summary>Path of the network document (read for addresses).</summary>
    public const string NetworkDataPath = "openstack/latest/network_data.json";

    /// <summary>
    /// Parses <c>meta_data.json</c>: <c>uuid</c>, <c>hostname</c> (else <c>name</c>), <c>public_keys</c> (name →
    /// key) and <c>keys</c> (<c>[{name, data}]</c>). With <paramref name="networkData"/> the first IPv4/IPv6
    /// network addresses fill the private addresses and the network part is converted (<see cref="OpenStackNetwork"/>).
    /// </summary>
    public static InstanceMetadata Parse(byte[] metaDataJson, byte[]? networkData)
    {
        using var doc = JsonMetadata.Parse(metaDataJson, "meta_data.json");
        var root = doc.RootElement;
        var keys = new SortedDictionary<string, string>(StringComparer.Ordinal);
        if (JsonMetadata.At(root, "public_keys") is { ValueKind: JsonValueKind.Object } publicKeys)
        {
            foreach (var property in publicKeys.EnumerateObject())
            {
                if (property.Value.ValueKind == JsonValueKind.String && property.Value.GetString() is { Length: > 0 } key)
                {
                    keys[property.Name] = key.Trim();
                }
            }
        }
        var index = 0;
        foreach (var entry in JsonMetadata.Array(root, "keys"))
        {
            var data = JsonMetadata.String(entry, "data");
            var name = JsonMetadata.String(entry, "name") ?? index.ToString(System.Globalization.CultureInfo.InvariantCulture);
            index++;
            if (data is not null && !keys.ContainsValue(data.Trim()))
            {
                keys.TryAdd(name, data.Trim());
            }
        }
        string? ipv4 = null, ipv6 = null;
        Dictionary<string, object?>? rancherNetwork = null;
        if (networkData is not null)
        {
            using var net = JsonMetadata.Parse(networkData, "network_data.json");
            rancherNetwork = OpenStackNetwork.ToRancherNetwork(net.RootElement);
            foreach (var network in JsonMetadata.Array(net.RootElement, "networks"))
            {
                var type = JsonMetadata.String(network, "type") ?? "";
                var address = InstanceMetadata.NormalizeAddress(JsonMetadata.String(network, "ip_address"));
                if (type.StartsWith("ipv4", StringComparison.Ordinal))
                {
                    ipv4 ??= address;
                }
                else if (type.StartsWith("ipv6", StringComparison.Ordinal))
                {
                    ipv6 ??= address;
                }
            }
        }
        return new InstanceMetadata
        {
            InstanceId = JsonMetadata.String(root, "uuid"),
            Hostname = JsonMetadata.String(root, "hostname") ?? JsonMetadata.String(root, "name"),
            SshPublicKeys = keys,
            PrivateIPv4 = ipv4,
            PrivateIPv6 = ipv6,
            Network = rancherNetwork,
        };
    }
}
