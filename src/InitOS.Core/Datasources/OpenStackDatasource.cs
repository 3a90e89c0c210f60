namespace InitOS.Core.Datasources;

/// <summary>The OpenStack metadata service (<c>openstack[:url]</c>, default <c>http://169.254.169.254/</c>).</summary>
public sealed class OpenStackDatasource : IDatasource
{
    private readonly Ports.IMetadataFetcher _fetcher;
    private readonly string _baseUrl;
    private readonly TimeSpan _requestTimeout;

    /// <summary>Creates the datasource; <paramref name="baseUrl"/> <c>null</c> means the link-local service.</summary>
    public OpenStackDatasource(Ports.IMetadataFetcher fetcher, string? baseUrl, TimeSpan requestTimeout, string name = "openstack")
    {
        _fetcher = fetcher;
        _baseUrl = baseUrl ?? Ec2Datasource.DefaultUrl;
        _requestTimeout = requestTimeout;
        Name = name;
    }

    /// <inheritdoc/>
    public string Name { get; }

    /// <inheritdoc/>
    public async Task<ProbeAttempt> TryFetchAsync(CancellationToken cancellationToken)
    {
        var client = new MetadataClient(_fetcher, _baseUrl, _requestTimeout);
        var meta = await client.GetAsync(OpenStackMetadata.MetaDataPath, cancellationToken).ConfigureAwait(false);
        if (!meta.Ok)
        {
            return client.NotUsable("OpenStack meta_data.json", meta);
        }
        var network = await client.GetOptionalAsync(OpenStackMetadata.NetworkDataPath, cancellationToken).ConfigureAwait(false);
        var metadata = OpenStackMetadata.Parse(meta.Body, network);
        var userData = await client.GetOptionalAsync(OpenStackMetadata.UserDataPath, cancellationToken).ConfigureAwait(false);
        return ProbeAttempt.Found(new DatasourceResult(Name, userData, metadata));
    }
}
