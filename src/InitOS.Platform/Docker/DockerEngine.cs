using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using InitOS.Core.Ports;
using InitOS.Core.Services;
using ContainerSpec = InitOS.Core.Services.ContainerSpec;

namespace InitOS.Platform.Docker;

/// <summary>
/// <see cref="IContainerEngine"/> over the Docker Engine API (<see cref="DockerApi"/>) at an explicit endpoint; the
/// engine's errors become <see cref="EngineException"/>.
/// </summary>
public sealed class DockerEngine : IContainerEngine, IDisposable
{
    private readonly DockerApi _api;

    /// <summary>Connects (lazily) to <paramref name="endpoint"/>, e.g. <c>unix:///var/run/system-docker.sock</c>.</summary>
    public DockerEngine(string endpoint)
    {
        Endpoint = endpoint;
        _api = new DockerApi(endpoint, TimeSpan.FromMinutes(5));
    }

    /// <inheritdoc/>
    public string Endpoint { get; }

    /// <inheritdoc/>
    public async Task<bool> PingAsync(CancellationToken cancellationToken)
    {
        try
        {
            _ = await _api.SendAsync(HttpMethod.Get, "/_ping", null, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (Exception e) when (e is HttpRequestException or IOException or DockerApiError or TimeoutException
            or System.Net.Sockets.SocketException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return false;
        }
    }

    /// <inheritdoc/>
    public async Task<bool> ImageExistsAsync(string image, CancellationToken cancellationToken)
    {
        try
        {
            _ = await _api.SendAsync(HttpMethod.Get, $"/images/{image}/json", null, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (DockerApiError e) when (e.Status == HttpStatusCode.NotFound)
        {
            return false;
        }
        catch (DockerApiError e)
        {
            throw Wrap($"inspect image {image}", e);
        }
    }

    /// <inheritdoc/>
    public async Task PullAsync(string image, RegistryCredentials? credentials, CancellationToken cancellationToken)
    {
        var (repository, tag) = DockerOsImages.Split(image);
        var registry = RegistryAuths.RegistryOf(image);
        var headers = credentials is null ? null : new[] { KeyValuePair.Create("X-Registry-Auth", RegistryAuthHeader(credentials)) };
        List<string> errors;
        try
        {
            using var response = await _api.SendStreamingAsync(HttpMethod.Post, DockerOsImages.PullPath(repository, tag), null, cancellationToken, headers).ConfigureAwait(false);
            errors = await DockerApi.ReadMessagesAsync(response, null, cancellationToken).ConfigureAwait(false);
        }
        catch (DockerApiError e)
        {
            throw new EngineException($"pull {image}", e.Status, $"registry {registry} refused it: {e.Message}", e);
        }
        if (errors.Count > 0)
        {
            throw new EngineException($"pull {image}", null, $"registry {registry}: {errors[^1]}");
        }
    }

    /// <summary>The <c>X-Registry-Auth</c> header: the credentials as JSON, base64url-encoded.</summary>
    internal static string RegistryAuthHeader(RegistryCredentials credentials)
    {
        var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            WriteIf(writer, "username", credentials.Username);
            WriteIf(writer, "password", credentials.Password);
            WriteIf(writer, "auth", credentials.Auth);
            WriteIf(writer, "serveraddress", credentials.Server);
            WriteIf(writer, "identitytoken", credentials.IdentityToken);
            writer.WriteEndObject();
        }
        return Convert.ToBase64String(buffer.ToArray()).Replace('+', '-').Replace('/', '_');
    }

    /// <inheritdoc/>
    public async Task LoadImagesAsync(string archivePath, CancellationToken cancellationToken)
    {
        List<string> errors;
        try
        {
            await using var file = File.OpenRead(archivePath);
            Stream input = file;
            if (archivePath.EndsWith(".gz", StringComparison.Ordinal) || archivePath.EndsWith(".tgz", StringComparison.Ordinal))
            {
                input = new GZipStream(file, CompressionMode.Decompress);
            }
            await using (input.ConfigureAwait(false))
            {
                var content = new StreamContent(input);
                content.Headers.ContentType = new MediaTypeHeaderValue("application/x-tar");
                // the whole progress is read before the check: an error (ENOSPC while loading) is never missed
                using var response = await _api.SendStreamingAsync(HttpMethod.Post, "/images/load?quiet=1", content, cancellationToken).ConfigureAwait(false);
                errors = await DockerApi.ReadMessagesAsync(response, null, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (DockerApiError e)
        {
            throw Wrap($"load {archivePath}", e);
        }
        if (errors.Count > 0)
        {
            throw new EngineException($"load {archivePath}", null, string.Join("; ", errors));
        }
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<ContainerInfo>> ListAsync(string label, CancellationToken cancellationToken)
    {
        try
        {
            var path = "/containers/json?all=1";
            if (label.Length > 0)
            {
                var filters = new MemoryStream();
                using (var writer = new Utf8JsonWriter(filters))
                {
                    writer.WriteStartObject();
                    writer.WriteStartObject("label");
                    writer.WriteBoolean(label, true);
                    writer.WriteEndObject();
                    writer.WriteEndObject();
                }
                path += "&filters=" + DockerApi.Escape(System.Text.Encoding.UTF8.GetString(filters.ToArray()));
            }
            var (_, body) = await _api.SendAsync(HttpMethod.Get, path, null, cancellationToken).ConfigureAwait(false);
            using var document = JsonDocument.Parse(body);
            var list = new List<ContainerInfo>();
            foreach (var c in document.RootElement.EnumerateArray())
            {
                var id = DockerApi.Text(c, "Id") ?? "";
                var name = c.TryGetProperty("Names", out var names) && names.ValueKind == JsonValueKind.Array && names.GetArrayLength() > 0
                    ? names[0].GetString()?.TrimStart('/') ?? id
                    : id;
                list.Add(new ContainerInfo(id, name, DockerApi.Text(c, "Image") ?? "", DockerApi.Text(c, "State") ?? "", 0, DockerApi.Map(c, "Labels")));
            }
            return list;
        }
        catch (DockerApiError e)
        {
            throw Wrap("list containers", e);
        }
    }

    /// <inheritdoc/>
    public async Task<ContainerInfo?> InspectAsync(string nameOrId, CancellationToken cancellationToken)
    {
        try
        {
            var (_, body) = await _api.SendAsync(HttpMethod.Get, $"/containers/{DockerApi.Escape(nameOrId)}/json", null, cancellationToken).ConfigureAwait(false);
            using var document = JsonDocument.Parse(body);
            var c = document.RootElement;
            var config = c.TryGetProperty("Config", out var cfg) ? cfg : default;
            var state = c.TryGetProperty("State", out var st) ? st : default;
            var startedAt = DockerApi.Text(state, "StartedAt");
            return new ContainerInfo(
                DockerApi.Text(c, "Id") ?? "",
                (DockerApi.Text(c, "Name") ?? "").TrimStart('/'),
                DockerApi.Text(config, "Image") ?? DockerApi.Text(c, "Image") ?? "",
                DockerApi.Text(state, "Status") ?? "",
                Number(state, "ExitCode"),
                DockerApi.Map(config, "Labels"))
            {
                RestartCount = c.TryGetProperty("RestartCount", out var restarts) && restarts.TryGetInt64(out var count) ? count : 0,
                StartedAt = DateTimeOffset.TryParse(startedAt, System.Globalization.CultureInfo.InvariantCulture, out var started) && started.Year > 1 ? started : null,
                Error = DockerApi.Text(state, "Error") ?? "",
                OomKilled = state.ValueKind == JsonValueKind.Object && state.TryGetProperty("OOMKilled", out var oom) && oom.ValueKind == JsonValueKind.True,
            };
        }
        catch (DockerApiError e) when (e.Status == HttpStatusCode.NotFound)
        {
            return null;
        }
        catch (DockerApiError e)
        {
            throw Wrap($"inspect {nameOrId}", e);
        }
    }

    /// <inheritdoc/>
    public async Task<string> CreateAsync(ContainerSpec spec, CancellationToken cancellationToken)
    {
        try
        {
            var (_, body) = await _api.SendAsync(HttpMethod.Post, $"/containers/create?name={DockerApi.Escape(spec.Name)}",
                DockerApi.Json(w => DockerSpecMapper.WriteCreateBody(w, spec)), cancellationToken).ConfigureAwait(false);
            using var document = JsonDocument.Parse(body);
            return DockerApi.Text(document.RootElement, "Id") ?? throw new EngineException($"create {spec.Name}", null, "the engine named no container id");
        }
        catch (DockerApiError e)
        {
            throw Wrap($"create {spec.Name}", e);
        }
    }

    /// <inheritdoc/>
    public async Task StartAsync(string id, CancellationToken cancellationToken)
    {
        try
        {
            // 304: already running, which is what was asked for
            _ = await _api.SendAsync(HttpMethod.Post, $"/containers/{DockerApi.Escape(id)}/start", null, cancellationToken).ConfigureAwait(false);
        }
        catch (DockerApiError e)
        {
            throw Wrap($"start {id}", e);
        }
    }

    /// <inheritdoc/>
    public async Task StopAsync(string id, TimeSpan timeout, CancellationToken cancellationToken)
    {
        try
        {
            // 304: already stopped
            var seconds = (long)Math.Max(0, timeout.TotalSeconds);
            _ = await _api.SendAsync(HttpMethod.Post, $"/containers/{DockerApi.Escape(id)}/stop?t={seconds}", null, cancellationToken).ConfigureAwait(false);
        }
        catch (DockerApiError e) when (e.Status == HttpStatusCode.NotFound)
        {
            // Already gone: stopped is what was asked for.
        }
        catch (DockerApiError e)
        {
            throw Wrap($"stop {id}", e);
        }
    }

    /// <inheritdoc/>
    public async Task RemoveAsync(string id, CancellationToken cancellationToken)
    {
        try
        {
            _ = await _api.SendAsync(HttpMethod.Delete, $"/containers/{DockerApi.Escape(id)}?force=1&v=1", null, cancellationToken).ConfigureAwait(false);
        }
        catch (DockerApiError e) when (e.Status == HttpStatusCode.NotFound)
        {
        }
        catch (DockerApiError e)
        {
            throw Wrap($"remove {id}", e);
        }
    }

    /// <inheritdoc/>
    public async Task<long> WaitAsync(string id, CancellationToken cancellationToken)
    {
        try
        {
            // a wait lasts as long as the container runs: bounded by the caller, not by the call timeout
            using var response = await _api.SendStreamingAsync(HttpMethod.Post, $"/containers/{DockerApi.Escape(id)}/wait", null, cancellationToken).ConfigureAwait(false);
            var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            using var document = JsonDocument.Parse(body);
            return Number(document.RootElement, "StatusCode");
        }
        catch (DockerApiError e)
        {
            throw Wrap($"wait {id}", e);
        }
    }

    /// <inheritdoc/>
    public async Task<string> LogsAsync(string id, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await _api.SendStreamingAsync(HttpMethod.Get, $"/containers/{DockerApi.Escape(id)}/logs?stdout=1&stderr=1", null, cancellationToken).ConfigureAwait(false);
            return await DockerApi.ReadLogsAsync(response, cancellationToken).ConfigureAwait(false);
        }
        catch (DockerApiError e)
        {
            throw Wrap($"logs {id}", e);
        }
    }

    /// <inheritdoc/>
    public void Dispose() => _api.Dispose();

    private static long Number(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.TryGetInt64(out var number) ? number : 0;

    private static void WriteIf(Utf8JsonWriter writer, string name, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            writer.WriteString(name, value);
        }
    }

    private static EngineException Wrap(string operation, DockerApiError e) => new(operation, e.Status, e.Message, e);
}
