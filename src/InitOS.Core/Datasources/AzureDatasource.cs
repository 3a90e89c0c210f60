using System.Globalization;

namespace InitOS.Core.Datasources;

/// <summary>
/// Azure Instance Metadata Service (<c>azure[:url]</c>, default <c>http://169.254.169.254/metadata/</c>); every
/// request carries <c>Metadata: true</c>. Reads <c>instance?api-version=2021-02-01</c> (name, public keys,
/// addresses, base64 <c>compute.userData</c>).
/// </summary>
public sealed class AzureDatasource : IDatasource
{
    /// <summary>The IMDS root.</summary>
    public const string DefaultUrl = "http://169.254.169.254/metadata/";

    /// <summary>The IMDS API version asked for (the first with <c>userData</c>).</summary>
    public const string ApiVersion = "2021-02-01";

    private readonly Ports.IMetadataFetcher _fetcher;
    private readonly string _baseUrl;
    private readonly TimeSpan _requestTimeout;

    /// <summary>Creates the datasource.</summary>
    public AzureDatasource(Ports.IMetadataFetcher fetcher, string? baseUrl, TimeSpan requestTimeout, string name = "azure")
    {
        _fetcher = fetcher;
        _baseUrl = baseUrl ?? DefaultUrl;
        _requestTimeout = requestTimeout;
        Name = name;
    }

    /// <inheritdoc/>
    public string Name { get; }

    /// <inheritdoc/>
    public async Task<ProbeAttempt> TryFetchAsync(CancellationToken cancellationToken)
    {
        var client = new MetadataClient(_fetcher, _baseUrl, _requestTimeout, new KeyValuePair<string, string>("Metadata", "true"));
        var doc = await client.GetAsync($"instance?api-version={ApiVersion}", cancellationToken).ConfigureAwait(false);
        return doc.Ok ? ProbeAttempt.Found(Parse(Name, doc.Body)) : client.NotUsable("Azure IMDS instance", doc);
    }

    /// <summary>Builds the result from the instance document.</summary>
    public static DatasourceResult Parse(string name, byte[] json)
    {
        using var doc = JsonMetadata.Parse(json, "Azure IMDS instance");
        var root = doc.RootElement;
        var keys = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var index = 0;
        foreach (var entry in JsonMetadata.Array(root, "compute", "publicKeys"))
        {
            if (JsonMetadata.String(entry, "keyData") is { } key)
            {
                keys[index++.ToString(CultureInfo.InvariantCulture)] = key.Trim();
            }
        }
        byte[]? userData = null;
        if (JsonMetadata.String(root, "compute", "userData") is { } encoded)
        {
            try
            {
                userData = Convert.FromBase64String(encoded);
            }
            catch (FormatException e)
            {
                throw new DatasourceFormatException("Azure compute.userData is not base64", e);
            }
        }
        var address = new object[] { "network", "interface", 0, "ipv4", "ipAddress", 0 };
        var address6 = new object[] { "network", "interface", 0, "ipv6", "ipAddress", 0 };
        var metadata = new InstanceMetadata
        {
            InstanceId = JsonMetadata.String(root, "compute", "vmId"),
            Hostname = JsonMetadata.String(root, "compute", "osProfile", "computerName") ?? JsonMetadata.String(root, "compute", "name"),
            SshPublicKeys = keys,
            PrivateIPv4 = InstanceMetadata.NormalizeAddress(JsonMetadata.String(root, [.. address, "privateIpAddress"])),
            PublicIPv4 = InstanceMetadata.NormalizeAddress(JsonMetadata.String(root, [.. address, "publicIpAddress"])),
            PrivateIPv6 = InstanceMetadata.NormalizeAddress(JsonMetadata.String(root, [.. address6, "privateIpAddress"])),
        };
        return new DatasourceResult(name, userData, metadata);
    }
}
