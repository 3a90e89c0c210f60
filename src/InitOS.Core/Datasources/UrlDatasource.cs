namespace InitOS.Core.Datasources;

/// <summary>User-data from one URL (<c>url:URL</c>); no meta-data.</summary>
public sealed class UrlDatasource : IDatasource
{
    private readonly Ports.IMetadataFetcher _fetcher;
    private readonly string _url;
    private readonly TimeSpan _requestTimeout;

    /// <summary>Creates the datasource.</summary>
    public UrlDatasource(Ports.IMetadataFetcher fetcher, string url, TimeSpan requestTimeout, string? name = null)
    {
        _fetcher = fetcher;
        _url = url;
        _requestTimeout = requestTimeout;
        Name = name ?? "url:" + url;
    }

    /// <inheritdoc/>
    public string Name { get; }

    /// <inheritdoc/>
    public async Task<ProbeAttempt> TryFetchAsync(CancellationToken cancellationToken)
    {
        if (!Uri.TryCreate(_url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            return ProbeAttempt.Failed($"'{_url}' is not an http(s) URL");
        }
        var response = await _fetcher.SendAsync(new MetadataRequest("GET", uri, [], _requestTimeout), cancellationToken).ConfigureAwait(false);
        if (response.Ok)
        {
            return ProbeAttempt.Found(new DatasourceResult(Name, response.Body, InstanceMetadata.Empty));
        }
        var reason = $"GET '{_url}': {response.Describe()}";
        return !response.Answered || response.Status >= 500 ? ProbeAttempt.Retry(reason) : ProbeAttempt.Absent(reason);
    }
}
