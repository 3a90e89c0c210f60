using System.Net;

namespace InitOS.Core.Datasources;

/// <summary>
/// Instance meta-data in RancherOS's shape (§4.6): hostname, SSH keys by name, addresses, root disk and a
/// <c>rancher.network</c>-shaped network part. Stored as YAML in <c>/var/lib/rancher/conf/metadata</c> and read back by
/// <see cref="Config.CloudMetadata"/>.
/// Unlike RancherOS, addresses are written as normal text (<c>10.0.0.5</c>), not byte lists.
/// </summary>
public sealed record InstanceMetadata
{
    /// <summary>Host name the cloud assigned; <c>null</c> when none.</summary>
    public string? Hostname { get; init; }

    /// <summary>Cloud instance id.</summary>
    public string? InstanceId { get; init; }

    /// <summary>SSH public keys by key name (or index).</summary>
    public IReadOnlyDictionary<string, string> SshPublicKeys { get; init; } = new SortedDictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Public IPv4 address.</summary>
    public string? PublicIPv4 { get; init; }

    /// <summary>Public IPv6 address.</summary>
    public string? PublicIPv6 { get; init; }

    /// <summary>Private IPv4 address.</summary>
    public string? PrivateIPv4 { get; init; }

    /// <summary>Private IPv6 address.</summary>
    public string? PrivateIPv6 { get; init; }

    /// <summary>The disk the root filesystem lives on (fills <c>rancher.resize_device</c> when unset).</summary>
    public string? RootDisk { get; init; }

    /// <summary>Network configuration in <c>rancher.network</c> shape; <c>null</c> when the cloud gives none.</summary>
    public Dictionary<string, object?>? Network { get; init; }

    /// <summary>An empty meta-data record.</summary>
    public static InstanceMetadata Empty { get; } = new();

    /// <summary>
    /// The YAML tree written to the metadata file: lower-case keys as RancherOS's emitter wrote them
    /// (<c>hostname</c>, <c>sshpublickeys</c>, <c>publicipv4</c>, <c>rootdisk</c>, <c>networkconfig</c> …);
    /// unset fields are left out.
    /// </summary>
    public Dictionary<string, object?> ToTree()
    {
        var tree = new Dictionary<string, object?>(StringComparer.Ordinal);
        Put(tree, "hostname", Hostname);
        Put(tree, "instanceid", InstanceId);
        if (SshPublicKeys.Count > 0)
        {
            var keys = new Dictionary<string, object?>(StringComparer.Ordinal);
            foreach (var (name, key) in SshPublicKeys)
            {
                keys[name] = key;
            }
            tree["sshpublickeys"] = keys;
        }
        Put(tree, "publicipv4", PublicIPv4);
        Put(tree, "publicipv6", PublicIPv6);
        Put(tree, "privateipv4", PrivateIPv4);
        Put(tree, "privateipv6", PrivateIPv6);
        Put(tree, "rootdisk", RootDisk);
        if (Network is { Count: > 0 })
        {
            tree["networkconfig"] = Network;
        }
        return tree;
    }

    /// <summary>Normalises an address to its text form; <c>null</c> when it is not an IP address.</summary>
    public static string? NormalizeAddress(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }
        var trimmed = text.Trim();
        var slash = trimmed.IndexOf('/');
        if (slash >= 0)
        {
            trimmed = trimmed[..slash];
        }
        return IPAddress.TryParse(trimmed, out var ip) ? ip.ToString() : null;
    }

    private static void Put(Dictionary<string, object?> tree, string key, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            tree[key] = value;
        }
    }
}
