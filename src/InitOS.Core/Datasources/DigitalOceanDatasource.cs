using System.Globalization;
using System.Net;
using System.Text.Json;

namespace InitOS.Core.Datasources;

/// <summary>
/// DigitalOcean (<c>digitalocean[:url]</c>, default <c>http://169.254.169.254/metadata/v1</c>): reads
/// <c>v1.json</c>, whose <c>interfaces.public</c>/<c>interfaces.private</c> become static addresses on
/// <c>eth0</c>/<c>eth1</c> and whose <c>dns.nameservers</c> become <c>rancher.network.dns</c>.
/// </summary>
public sealed class DigitalOceanDatasource : IDatasource
{
    /// <summary>The metadata root.</summary>
    public const string DefaultUrl = "http://169.254.169.254/metadata/v1";

    private readonly Ports.IMetadataFetcher _fetcher;
    private readonly string _baseUrl;
    private readonly TimeSpan _requestTimeout;

    /// <summary>Creates the datasource.</summary>
    public DigitalOceanDatasource(Ports.IMetadataFetcher fetcher, string? baseUrl, TimeSpan requestTimeout, string name = "digitalocean")
    {
        _fetcher = fetcher;
        _baseUrl = (baseUrl ?? DefaultUrl).TrimEnd('/');
        _requestTimeout = requestTimeout;
        Name = name;
    }

    /// <inheritdoc/>
    public string Name { get; }

    /// <inheritdoc/>
    public async Task<ProbeAttempt> TryFetchAsync(CancellationToken cancellationToken)
    {
        // v1.json sits next to the v1/ directory: resolve it against the parent.
        var client = new MetadataClient(_fetcher, _baseUrl[..(_baseUrl.LastIndexOf('/') + 1)], _requestTimeout);
        var leaf = _baseUrl[(_baseUrl.LastIndexOf('/') + 1)..];
        var doc = await client.GetAsync(leaf + ".json", cancellationToken).ConfigureAwait(false);
        return doc.Ok ? ProbeAttempt.Found(Parse(Name, doc.Body)) : client.NotUsable("DigitalOcean v1.json", doc);
    }

    /// <summary>Builds the result from <c>v1.json</c>.</summary>
    public static DatasourceResult Parse(string name, byte[] json)
    {
        using var doc = JsonMetadata.Parse(json, "DigitalOcean v1.json");
        var root = doc.RootElement;
        var keys = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var index = 0;
        foreach (var key in JsonMetadata.Array(root, "public_keys"))
        {
            if (key.ValueKind == JsonValueKind.String && key.GetString() is { Length: > 0 } text)
            {
                keys[index++.ToString(CultureInfo.InvariantCulture)] = text.Trim();
            }
        }
        var interfaces = new Dictionary<string, object?>(StringComparer.Ordinal);
        AddInterface(interfaces, "eth0", JsonMetadata.At(root, "interfaces", "public", 0));
        AddInterface(interfaces, "eth1", JsonMetadata.At(root, "interfaces", "private", 0));
        var network = new Dictionary<string, object?>(StringComparer.Ordinal);
        if (interfaces.Count > 0)
        {
            network["interfaces"] = interfaces;
        }
        var nameservers = JsonMetadata.Array(root, "dns", "nameservers").Select(e => e.GetString()).OfType<string>().Select(s => (object?)s).ToList();
        if (nameservers.Count > 0)
        {
            network["dns"] = new Dictionary<string, object?>(StringComparer.Ordinal) { ["nameservers"] = nameservers };
        }
        var userData = JsonMetadata.String(root, "user_data");
        var metadata = new InstanceMetadata
        {
            InstanceId = JsonMetadata.String(root, "droplet_id"),
            Hostname = JsonMetadata.String(root, "hostname"),
            SshPublicKeys = keys,
            PublicIPv4 = InstanceMetadata.NormalizeAddress(JsonMetadata.String(root, "interfaces", "public", 0, "ipv4", "ip_address")),
            PublicIPv6 = InstanceMetadata.NormalizeAddress(JsonMetadata.String(root, "interfaces", "public", 0, "ipv6", "ip_address")),
            PrivateIPv4 = InstanceMetadata.NormalizeAddress(JsonMetadata.String(root, "interfaces", "private", 0, "ipv4", "ip_address")),
            Network = network.Count > 0 ? network : null,
        };
        return new DatasourceResult(name, userData is null ? null : System.Text.Encoding.UTF8.GetBytes(userData), metadata);
    }

    private static void AddInterface(Dictionary<string, object?> interfaces, string name, JsonElement? nic)
    {
        if (nic is not { } element)
        {
            return;
        }
        var addresses = new List<object?>();
        var ip = JsonMetadata.String(element, "ipv4", "ip_address");
        var mask = JsonMetadata.String(element, "ipv4", "netmask");
        if (ip is not null && mask is not null && IPAddress.TryParse(mask, out var netmask))
        {
            addresses.Add($"{ip}/{PrefixLength(netmask)}");
        }
        var ip6 = JsonMetadata.String(element, "ipv6", "ip_address");
        var cidr = JsonMetadata.String(element, "ipv6", "cidr");
        if (ip6 is not null && cidr is not null)
        {
            addresses.Add($"{ip6}/{cidr}");
        }
        if (JsonMetadata.String(element, "anchor_ipv4", "ip_address") is { } anchor && JsonMetadata.String(element, "anchor_ipv4", "netmask") is { } anchorMask
            && IPAddress.TryParse(anchorMask, out var anchorNetmask))
        {
            addresses.Add($"{anchor}/{PrefixLength(anchorNetmask)}");
        }
        if (addresses.Count == 0)
        {
            return;
        }
        var config = new Dictionary<string, object?>(StringComparer.Ordinal) { ["addresses"] = addresses, ["dhcp"] = false };
        if (JsonMetadata.String(element, "ipv4", "gateway") is { } gateway)
        {
            config["gateway"] = gateway;
        }
        if (JsonMetadata.String(element, "ipv6", "gateway") is { } gateway6)
        {
            config["gateway_ipv6"] = gateway6;
        }
        interfaces[name] = config;
    }

    /// <summary>The prefix length of a dotted netmask (<c>255.255.240.0</c> → 20).</summary>
    public static int PrefixLength(IPAddress netmask) =>
        netmask.GetAddressBytes().Sum(b => System.Numerics.BitOperations.PopCount(b));
}
