using InitOS.Core.Ports;

namespace InitOS.Core.Datasources;

/// <summary>Requests relative to one metadata service base URL, with the headers that service wants.</summary>
public sealed class MetadataClient
{
    private readonly IMetadataFetcher _fetcher;
    private readonly List<KeyValuePair<string, string>> _headers;

    /// <summary>Creates a client for <paramref name="baseUrl"/> (a trailing slash is added when missing).</summary>
    public MetadataClient(IMetadataFetcher fetcher, string baseUrl, TimeSpan requestTimeout, params KeyValuePair<string, string>[] headers)
    {
        _fetcher = fetcher;
        BaseUrl = new Uri(baseUrl.EndsWith('/') ? baseUrl : baseUrl + "/", UriKind.Absolute);
        RequestTimeout = requestTimeout;
        _headers = [.. headers];
    }

    /// <summary>The service root.</summary>
    public Uri BaseUrl { get; }

    /// <summary>Bound for each request.</summary>
    public TimeSpan RequestTimeout { get; }

    /// <summary>The clock of the pause between retries (a fake in tests); the system clock by default.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>Adds a header sent with every later request (the EC2 session token).</summary>
    public void AddHeader(string name, string value) => _headers.Add(new(name, value));

    /// <summary>GETs <paramref name="path"/> relative to the base URL.</summary>
    public Task<MetadataResponse> GetAsync(string path, CancellationToken cancellationToken) =>
        SendAsync("GET", path, [], cancellationToken);

    /// <summary>
    /// Sends <paramref name="method"/> to <paramref name="path"/> with extra headers. A request that fails fast
    /// without an answer (refused, reset) is sent again up to twice, 100 ms apart; one that timed out is not.
    /// </summary>
    public async Task<MetadataResponse> SendAsync(string method, string path, IEnumerable<KeyValuePair<string, string>> extraHeaders, CancellationToken cancellationToken)
    {
        var request = new MetadataRequest(method, new Uri(BaseUrl, path), [.. _headers, .. extraHeaders], RequestTimeout);
        var response = await _fetcher.SendAsync(request, cancellationToken).ConfigureAwait(false);
        for (var retry = 0; retry < 2 && !response.Answered && !response.TimedOut; retry++)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(100), Time, cancellationToken).ConfigureAwait(false);
            response = await _fetcher.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        return response;
    }

    /// <summary>
    /// The probe outcome for a response that is not a usable answer: no answer or 5xx → retry,
    /// other statuses → absent (this service is not here).
    /// </summary>
    public ProbeAttempt NotUsable(string what, MetadataResponse response)
    {
        var reason = $"{what} at '{new Uri(BaseUrl, "")}': {response.Describe()}";
        return !response.Answered || response.Status >= 500 ? ProbeAttempt.Retry(reason) : ProbeAttempt.Absent(reason);
    }

    /// <summary>GETs an optional text document: its text on 2xx, <c>null</c> on 404, an exception otherwise.</summary>
    public async Task<string?> GetOptionalTextAsync(string path, CancellationToken cancellationToken)
    {
        var bytes = await GetOptionalAsync(path, cancellationToken).ConfigureAwait(false);
        return bytes is null ? null : System.Text.Encoding.UTF8.GetString(bytes).Trim();
    }

    /// <summary>
    /// GETs an optional document: its bytes on 2xx, <c>null</c> on 404; no answer or a 5xx throws
    /// <see cref="DatasourceUnavailableException"/> (the attempt is retried), other statuses
    /// <see cref="DatasourceFormatException"/>.
    /// </summary>
    public async Task<byte[]?> GetOptionalAsync(string path, CancellationToken cancellationToken)
    {
        var response = await GetAsync(path, cancellationToken).ConfigureAwait(false);
        if (response.Ok)
        {
            return response.Body;
        }
        if (response.Status == 404)
        {
            return null;
        }
        if (!response.Answered || response.Status >= 500)
        {
            throw new DatasourceUnavailableException($"GET '{new Uri(BaseUrl, path)}': {response.Describe()}");
        }
        throw new DatasourceFormatException($"GET '{new Uri(BaseUrl, path)}': {response.Describe()}");
    }
}
