using System.Net.Http.Headers;
using InitOS.Core.Datasources;
using InitOS.Core.Ports;
using InitOS.Core.Timing;

namespace InitOS.Platform.Net;

/// <summary>
/// <see cref="IMetadataFetcher"/> over one <see cref="HttpClient"/>: no proxy (metadata services are local),
/// a bound per request, one connection per request, at most 16 MiB of body, at most 5 redirects.
/// </summary>
public sealed class HttpMetadataFetcher : IMetadataFetcher, IDisposable
{
    private const int MaxBody = 16 * 1024 * 1024;
    private readonly HttpClient _client;
    private readonly TimeProvider _time;

    /// <summary>Creates the fetcher; each request's bound runs on <paramref name="time"/> (default: the real clock).</summary>
    public HttpMetadataFetcher(TimeProvider? time = null)
    {
        _time = time ?? TimeProvider.System;
        var handler = new SocketsHttpHandler
        {
            UseProxy = false,
            AllowAutoRedirect = true,
            MaxAutomaticRedirections = 5,
            PooledConnectionLifetime = TimeSpan.FromSeconds(30),
            UseCookies = false,
        };
        _client = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
    }

    /// <inheritdoc/>
    public async Task<MetadataResponse> SendAsync(MetadataRequest request, CancellationToken cancellationToken)
    {
        using var timeout = new Deadline(request.Timeout, _time, cancellationToken);
        using var message = new HttpRequestMessage(new HttpMethod(request.Method), request.Url);
        // One connection per request: no pooled connection can go stale between retries, and services that
        // answer HTTP/1.0 or sit behind a per-connection forwarder (QEMU guestfwd) behave.
        message.Headers.ConnectionClose = true;
        foreach (var (name, value) in request.Headers)
        {
            message.Headers.TryAddWithoutValidation(name, value);
        }
        if (request.Method == "PUT")
        {
            message.Content = new ByteArrayContent([]);
        }
        try
        {
            using var response = await _client.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
            var headers = new Dictionary<string, string>(StringComparer.Ordinal);
            Collect(headers, response.Headers);
            Collect(headers, response.Content.Headers);
            var body = await ReadBodyAsync(response.Content, timeout.Token).ConfigureAwait(false);
            return body is null
                ? MetadataResponse.NoAnswer($"body of '{request.Url}' exceeds {MaxBody} bytes")
                : new MetadataResponse((int)response.StatusCode, body, headers, null);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return MetadataResponse.NoAnswer($"timed out after {request.Timeout.TotalMilliseconds:0} ms", timedOut: true);
        }
        catch (HttpRequestException e)
        {
            return MetadataResponse.NoAnswer(e.InnerException?.Message ?? e.Message);
        }
        catch (IOException e)
        {
            return MetadataResponse.NoAnswer(e.Message);
        }
    }

    /// <inheritdoc/>
    public void Dispose() => _client.Dispose();

    private static void Collect(Dictionary<string, string> into, HttpHeaders headers)
    {
        foreach (var (name, values) in headers)
        {
            into[name.ToLowerInvariant()] = string.Join(", ", values);
        }
    }

    private static async Task<byte[]?> ReadBodyAsync(HttpContent content, CancellationToken cancellationToken)
    {
        await using var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        using var buffer = new MemoryStream();
        var chunk = new byte[16384];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > MaxBody)
            {
                return null;
            }
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }
}
