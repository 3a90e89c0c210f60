using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace InitOS.Platform.Docker;

/// <summary>
/// The few Docker Engine API calls InitOS makes, over HTTP/1.1 on a <c>unix://</c> (or plain <c>tcp://</c>) endpoint,
/// with JSON read through <see cref="JsonDocument"/> and written with <see cref="Utf8JsonWriter"/>: no client library
/// and no generated model of the whole API (Docker.DotNet's was 6 of the binary's 21 MB). Paths are unversioned: the
/// engine answers with its own API version, which is the one it was built with. A status of 400 and up becomes
/// <see cref="DockerApiError"/> with the engine's message.
/// </summary>
internal sealed class DockerApi : IDisposable
{
    private readonly HttpClient _http;

    /// <summary>Connects (lazily, one connection per concurrent call) to <paramref name="endpoint"/>.</summary>
    /// <param name="endpoint"><c>unix:///path/to.sock</c> or <c>tcp://host:port</c>.</param>
    /// <param name="timeout">The bound of each call but <see cref="SendStreamingAsync"/>'s (waits, streams).</param>
    public DockerApi(string endpoint, TimeSpan timeout)
    {
        Timeout = timeout;
        var handler = new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false, PooledConnectionIdleTimeout = TimeSpan.FromSeconds(30) };
        Uri baseAddress;
        if (endpoint.StartsWith("unix://", StringComparison.Ordinal))
        {
            var path = endpoint["unix://".Length..];
            handler.ConnectCallback = async (_, cancellationToken) =>
            {
                var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                try
                {
                    await socket.ConnectAsync(new UnixDomainSocketEndPoint(path), cancellationToken).ConfigureAwait(false);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            };
            baseAddress = new Uri("http://docker");
        }
        else if (endpoint.StartsWith("tcp://", StringComparison.Ordinal))
        {
            baseAddress = new Uri("http://" + endpoint["tcp://".Length..]);
        }
        else
        {
            throw new ArgumentException($"'{endpoint}' is not a unix:// or tcp:// engine endpoint", nameof(endpoint));
        }
        _http = new HttpClient(handler) { BaseAddress = baseAddress, Timeout = System.Threading.Timeout.InfiniteTimeSpan };
    }

    /// <summary>The bound of each ordinary call.</summary>
    public TimeSpan Timeout { get; }

    /// <summary>Sends a call bounded by <see cref="Timeout"/> and returns its status and body (status 400 and up throws).</summary>
    public async Task<(HttpStatusCode Status, string Body)> SendAsync(HttpMethod method, string path, HttpContent? content, CancellationToken cancellationToken)
    {
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bounded.CancelAfter(Timeout);
        try
        {
            using var response = await SendStreamingAsync(method, path, content, bounded.Token).ConfigureAwait(false);
            var body = await response.Content.ReadAsStringAsync(bounded.Token).ConfigureAwait(false);
            return (response.StatusCode, body);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"the engine did not answer {method} {path} within {Timeout.TotalSeconds:0} s");
        }
    }

    /// <summary>
    /// Sends a call and returns the response once its headers arrived, its body unread (a stream, a wait): bounded
    /// only by <paramref name="cancellationToken"/>. Status 400 and up throws <see cref="DockerApiError"/>.
    /// </summary>
    public async Task<HttpResponseMessage> SendStreamingAsync(HttpMethod method, string path, HttpContent? content, CancellationToken cancellationToken, IEnumerable<KeyValuePair<string, string>>? headers = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        foreach (var (name, value) in headers ?? [])
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }
        var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        if ((int)response.StatusCode >= 400)
        {
            using (response)
            {
                var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
                throw new DockerApiError(response.StatusCode, MessageOf(body));
            }
        }
        return response;
    }

    /// <summary>A JSON body.</summary>
    public static HttpContent Json(Action<Utf8JsonWriter> write)
    {
        var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            write(writer);
        }
        var content = new ByteArrayContent(buffer.ToArray());
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return content;
    }

    /// <summary>
    /// Reads a stream of JSON messages (a pull's or a load's progress: one object per line) and returns the error
    /// messages among them (<c>error</c>, or <c>errorDetail.message</c>), handing each object to <paramref name="each"/>.
    /// </summary>
    public static async Task<List<string>> ReadMessagesAsync(HttpResponseMessage response, Action<JsonElement>? each, CancellationToken cancellationToken)
    {
        var errors = new List<string>();
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
        {
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }
            JsonDocument document;
            try
            {
                document = JsonDocument.Parse(line);
            }
            catch (JsonException)
            {
                errors.Add($"the engine sent an unreadable progress line: {line.Trim()}");
                continue;
            }
            using (document)
            {
                var root = document.RootElement;
                if (root.ValueKind != JsonValueKind.Object)
                {
                    continue;
                }
                var error = Text(root, "error");
                if (error is not { Length: > 0 } && root.TryGetProperty("errorDetail", out var detail) && detail.ValueKind == JsonValueKind.Object)
                {
                    error = Text(detail, "message");
                }
                if (error is { Length: > 0 })
                {
                    errors.Add(error);
                }
                each?.Invoke(root);
            }
        }
        return errors;
    }

    /// <summary>
    /// The output of a container's logs: demultiplexed (8-byte frame headers) unless the engine sends the raw stream
    /// (a container with a TTY).
    /// </summary>
    public static async Task<string> ReadLogsAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        var type = response.Content.Headers.ContentType?.MediaType ?? "";
        if (type == "application/vnd.docker.raw-stream")
        {
            return Encoding.UTF8.GetString(bytes);
        }
        return Demultiplex(bytes);
    }

    /// <summary>stdout then stderr of a multiplexed log stream (<c>[stream, 0, 0, 0, size (big-endian 32 bits)]</c> frames).</summary>
    internal static string Demultiplex(ReadOnlySpan<byte> bytes)
    {
        var stdout = new MemoryStream();
        var stderr = new MemoryStream();
        while (bytes.Length >= 8)
        {
            var size = (int)System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(bytes[4..8]);
            var payload = bytes[8..Math.Min(bytes.Length, 8 + size)];
            (bytes[0] == 2 ? stderr : stdout).Write(payload);
            bytes = bytes[(8 + payload.Length)..];
        }
        return Encoding.UTF8.GetString(stdout.ToArray()) + Encoding.UTF8.GetString(stderr.ToArray());
    }

    /// <summary>The engine's <c>message</c> of an error body, else the body.</summary>
    internal static string MessageOf(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind == JsonValueKind.Object && Text(document.RootElement, "message") is { Length: > 0 } message)
            {
                return message;
            }
        }
        catch (JsonException)
        {
        }
        return body.Trim();
    }

    /// <summary>A string property, or null.</summary>
    public static string? Text(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    /// <summary>A string-to-string object property (labels), empty when absent.</summary>
    public static Dictionary<string, string> Map(JsonElement element, string name)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        if (element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in value.EnumerateObject())
            {
                map[property.Name] = property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString() ?? "" : property.Value.ToString();
            }
        }
        return map;
    }

    /// <summary>A path segment or query value, escaped.</summary>
    public static string Escape(string value) => Uri.EscapeDataString(value);

    /// <inheritdoc/>
    public void Dispose() => _http.Dispose();
}

/// <summary>The engine answered with an error status.</summary>
internal sealed class DockerApiError(HttpStatusCode status, string message) : Exception(message)
{
    /// <summary>The HTTP status.</summary>
    public HttpStatusCode Status { get; } = status;
}
