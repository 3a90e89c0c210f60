namespace InitOS.Core.Datasources;

/// <summary>
/// The EC2-like text trees of Exoscale (<c>http://169.254.169.254/1.0/</c>), Aliyun
/// (<c>http://100.100.100.200/2016-01-01/</c>) and CloudStack (<c>http://&lt;server&gt;/latest/</c>):
/// <c>user-data</c> plus <c>meta-data/&lt;field&gt;</c> text documents.
/// </summary>
public sealed class SimpleTreeDatasource : IDatasource
{
    private readonly Ports.IMetadataFetcher _fetcher;
    private readonly string _baseUrl;
    private readonly TimeSpan _requestTimeout;
    private readonly TreeLayout _layout;

    /// <summary>Creates the datasource for one layout.</summary>
    public SimpleTreeDatasource(Ports.IMetadataFetcher fetcher, string baseUrl, TreeLayout layout, TimeSpan requestTimeout, string name)
    {
        _fetcher = fetcher;
        _baseUrl = baseUrl;
        _layout = layout;
        _requestTimeout = requestTimeout;
        Name = name;
    }

    /// <inheritdoc/>
    public string Name { get; }

    /// <inheritdoc/>
    public async Task<ProbeAttempt> TryFetchAsync(CancellationToken cancellationToken)
    {
        var client = new MetadataClient(_fetcher, _baseUrl, _requestTimeout);
        var probe = await client.GetAsync("meta-data/" + _layout.ProbeField, cancellationToken).ConfigureAwait(false);
        if (!probe.Ok)
        {
            return client.NotUsable($"{Name} meta-data", probe);
        }
        async Task<string?> Field(string? field) =>
            field is null ? null : await client.GetOptionalTextAsync("meta-data/" + field, cancellationToken).ConfigureAwait(false);

        SortedDictionary<string, string> keys;
        if (_layout.IndexedKeys)
        {
            keys = await Ec2Datasource.ReadIndexedKeysAsync(client, "meta-data/public-keys/", cancellationToken).ConfigureAwait(false);
        }
        else
        {
            keys = new SortedDictionary<string, string>(StringComparer.Ordinal);
            var text = await Field("public-keys").ConfigureAwait(false);
            var lines = (text ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            for (var i = 0; i < lines.Length; i++)
            {
                keys[i.ToString(System.Globalization.CultureInfo.InvariantCulture)] = lines[i];
            }
        }
        var metadata = new InstanceMetadata
        {
            InstanceId = await Field("instance-id").ConfigureAwait(false),
            Hostname = await Field(_layout.HostnameField).ConfigureAwait(false),
            SshPublicKeys = keys,
            PublicIPv4 = InstanceMetadata.NormalizeAddress(await Field(_layout.PublicIPv4Field).ConfigureAwait(false)),
            PrivateIPv4 = InstanceMetadata.NormalizeAddress(await Field(_layout.PrivateIPv4Field).ConfigureAwait(false)),
        };
        var userData = await client.GetOptionalAsync("user-data", cancellationToken).ConfigureAwait(false);
        return ProbeAttempt.Found(new DatasourceResult(Name, userData, metadata));
    }
}
