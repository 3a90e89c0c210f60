using System.Net;
using System.Text.Json;
using InitOS.Core.Ports;

namespace InitOS.Platform.Docker;

/// <summary>
/// <see cref="IOsImages"/> over the system engine's API: an OS image is pulled when asked, and its
/// <c>/dist</c> is read through a created (never started) container's archive endpoint.
/// </summary>
public sealed class DockerOsImages(string endpoint) : IOsImages, IDisposable
{
    private readonly Lazy<DockerApi> _lazy = new(() => new DockerApi(endpoint, TimeSpan.FromMinutes(30)));

    private DockerApi Api => _lazy.Value;

    /// <inheritdoc/>
    public async Task<bool> HasAsync(string image, CancellationToken cancellationToken)
    {
        try
        {
            _ = await Api.SendAsync(HttpMethod.Get, $"/images/{image}/json", null, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (DockerApiError e) when (e.Status == HttpStatusCode.NotFound)
        {
            return false;
        }
        catch (DockerApiError e)
        {
            throw new IOException($"the system engine at '{endpoint}' cannot inspect '{image}': {e.Message}", e);
        }
        catch (Exception e) when (e is HttpRequestException or System.Net.Sockets.SocketException or TimeoutException)
        {
            throw new IOException($"the system engine at '{endpoint}' does not answer: {e.Message}", e);
        }
    }

    /// <summary>The Engine API path of a pull (<c>POST /images/create</c>).</summary>
    internal static string PullPath(string repository, string tag) =>
        $"/images/create?fromImage={DockerApi.Escape(repository)}&tag={DockerApi.Escape(tag)}";

    /// <inheritdoc/>
    public async Task PullAsync(string image, Action<string> progress, CancellationToken cancellationToken)
    {
        var (repository, tag) = Split(image);
        var lastStatus = "";
        List<string> errors;
        try
        {
            using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            bounded.CancelAfter(Api.Timeout);
            using var response = await Api.SendStreamingAsync(HttpMethod.Post, PullPath(repository, tag), null, bounded.Token).ConfigureAwait(false);
            errors = await DockerApi.ReadMessagesAsync(response, m =>
            {
                // the overall status lines (not each layer's)
                if (DockerApi.Text(m, "status") is { Length: > 0 } status && DockerApi.Text(m, "id") is null && status != lastStatus)
                {
                    lastStatus = status;
                    progress(status);
                }
            }, bounded.Token).ConfigureAwait(false);
        }
        catch (DockerApiError e)
        {
            throw new IOException($"pulling '{image}' from {RegistryOf(repository)} failed: {e.Message}", e);
        }
        catch (Exception e) when (e is HttpRequestException or System.Net.Sockets.SocketException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            throw new IOException($"pulling '{image}': the system engine at '{endpoint}' does not answer: {e.Message}", e);
        }
        if (errors.Count > 0)
        {
            throw new IOException($"pulling '{image}' from {RegistryOf(repository)} failed: {errors[^1]}");
        }
    }

    /// <inheritdoc/>
    public async Task ExtractDistAsync(string image, string targetDirectory, CancellationToken cancellationToken)
    {
        string id;
        try
        {
            var (_, body) = await Api.SendAsync(HttpMethod.Post, "/containers/create", DockerApi.Json(w =>
            {
                w.WriteStartObject();
                w.WriteString("Image", image);
                w.WriteStartArray("Cmd");
                w.WriteStringValue("/dist/none");
                w.WriteEndArray();
                w.WriteBoolean("NetworkDisabled", true);
                w.WriteStartObject("Labels");
                w.WriteString("io.initos.purpose", "os-image-extract");
                w.WriteEndObject();
                w.WriteEndObject();
            }), cancellationToken).ConfigureAwait(false);
            using var document = JsonDocument.Parse(body);
            id = DockerApi.Text(document.RootElement, "Id") ?? throw new IOException($"cannot read OS image '{image}': the engine named no container");
        }
        catch (DockerApiError e)
        {
            throw new IOException($"cannot read OS image '{image}': {e.Message}", e);
        }
        try
        {
            using var response = await Api.SendStreamingAsync(HttpMethod.Get, $"/containers/{id}/archive?path=%2Fdist", null, cancellationToken).ConfigureAwait(false);
            await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            await ExtractAsync(stream, targetDirectory, cancellationToken).ConfigureAwait(false);
        }
        catch (DockerApiError e)
        {
            throw new IOException($"'{image}' is not an InitOS OS image (no /dist): {e.Message}", e);
        }
        finally
        {
            try
            {
                _ = await Api.SendAsync(HttpMethod.Delete, $"/containers/{id}?force=1", null, CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception e) when (e is DockerApiError or HttpRequestException or IOException or TimeoutException)
            {
                // a leftover created container is harmless and labelled
            }
        }
    }

    /// <summary>Writes the regular files and directories under <c>dist/</c> of a tar stream into
    /// <paramref name="target"/>; anything else (links, devices, paths leaving the directory) is refused.</summary>
    private static async Task ExtractAsync(Stream tar, string target, CancellationToken cancellationToken)
    {
        var root = Path.GetFullPath(target);
        Directory.CreateDirectory(root);
        var reader = new TarReaderLite(tar);
        while (await reader.NextAsync(cancellationToken).ConfigureAwait(false) is { } entry)
        {
            var name = entry.Name.TrimEnd('/');
            if (name == "dist")
            {
                continue;
            }
            if (!name.StartsWith("dist/", StringComparison.Ordinal))
            {
                throw new IOException($"unexpected entry '{entry.Name}' in the image's /dist");
            }
            var path = Path.GetFullPath(Path.Join(root, name["dist/".Length..]));
            if (!path.StartsWith(root + "/", StringComparison.Ordinal))
            {
                throw new IOException($"entry '{entry.Name}' leaves /dist");
            }
            switch (entry.Type)
            {
                case '5':
                    Directory.CreateDirectory(path);
                    break;
                case '0' or '7':
                    Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                    await using (var output = File.Create(path))
                    {
                        await reader.CopyDataAsync(output, cancellationToken).ConfigureAwait(false);
                    }
                    break;
                default:
                    throw new IOException($"entry '{entry.Name}' of the image's /dist is not a file or a directory (tar type '{entry.Type}')");
            }
        }
    }

    /// <summary>Splits <c>repo[:tag]</c> (a registry port is not a tag).</summary>
    public static (string Repository, string Tag) Split(string image)
    {
        var at = image.IndexOf('@', StringComparison.Ordinal);
        if (at >= 0)
        {
            return (image[..at], image[(at + 1)..]);
        }
        var colon = image.LastIndexOf(':');
        return colon > image.LastIndexOf('/') ? (image[..colon], image[(colon + 1)..]) : (image, "latest");
    }

    private static string RegistryOf(string repository)
    {
        var first = repository.Split('/')[0];
        return repository.Contains('/') && (first.Contains('.') || first.Contains(':') || first == "localhost")
            ? $"registry '{first}'"
            : "the default registry (docker.io)";
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        if (_lazy.IsValueCreated)
        {
            _lazy.Value.Dispose();
        }
    }
}
