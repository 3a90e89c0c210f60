using System.Net;
using Docker.DotNet;
using Docker.DotNet.Models;
using InitOS.Core.Ports;

namespace InitOS.Platform.Docker;

/// <summary>
/// <see cref="IOsImages"/> over the system engine's API: an OS image is pulled when asked, and its
/// <c>/dist</c> is read through a created (never started) container's archive endpoint.
/// </summary>
public sealed class DockerOsImages(string endpoint) : IOsImages, IDisposable
{
    private readonly Lazy<DockerClient> _lazy = new(() => new DockerClientBuilder().WithEndpoint(new Uri(endpoint)).WithTimeout(TimeSpan.FromMinutes(30)).Build());

    private DockerClient Client => _lazy.Value;

    /// <inheritdoc/>
    public async Task<bool> HasAsync(string image, CancellationToken cancellationToken)
    {
        try
        {
            await Client.Images.InspectImageAsync(image, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (DockerImageNotFoundException)
        {
            return false;
        }
        catch (DockerApiException e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }
        catch (Exception e) when (e is HttpRequestException or System.Net.Sockets.SocketException or TimeoutException)
        {
            throw new IOException($"the system engine at '{endpoint}' does not answer: {e.Message}", e);
        }
    }

    /// <inheritdoc/>
    public async Task PullAsync(string image, Action<string> progress, CancellationToken cancellationToken)
    {
        var (repository, tag) = Split(image);
        var errors = new List<string>();
        var lastStatus = "";
        var reporter = new SyncProgress<JSONMessage>(m =>
        {
            if (m.Error is { Message: { Length: > 0 } message })
            {
                errors.Add(message);
            }
            else if (m.Status is { Length: > 0 } status && m.ID is null && status != lastStatus)
            {
                lastStatus = status;
                progress(status);
            }
        });
        try
        {
            await Client.Images.CreateImageAsync(new ImagesCreateParameters { FromImage = repository, Tag = tag }, null, reporter, cancellationToken).ConfigureAwait(false);
        }
        catch (DockerApiException e)
        {
            throw new IOException($"pulling '{image}' from {RegistryOf(repository)} failed: {Reason(e)}", e);
        }
        catch (Exception e) when (e is HttpRequestException or System.Net.Sockets.SocketException or TimeoutException)
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
            id = (await Client.Containers.CreateContainerAsync(new CreateContainerParameters
            {
                Image = image,
                Cmd = ["/dist/none"],
                NetworkDisabled = true,
                Labels = new Dictionary<string, string> { ["io.initos.purpose"] = "os-image-extract" },
            }, cancellationToken).ConfigureAwait(false)).ID;
        }
        catch (DockerApiException e)
        {
            throw new IOException($"cannot read OS image '{image}': {Reason(e)}", e);
        }
        try
        {
            var archive = await Client.Containers.GetArchiveFromContainerAsync(id, new ContainerPathStatParameters { Path = "/dist" }, false, cancellationToken).ConfigureAwait(false);
            await using var stream = archive.Stream ?? throw new IOException($"the system engine sent no archive of /dist of '{image}'");
            await ExtractAsync(stream, targetDirectory, cancellationToken).ConfigureAwait(false);
        }
        catch (DockerApiException e)
        {
            throw new IOException($"'{image}' is not an InitOS OS image (no /dist): {Reason(e)}", e);
        }
        finally
        {
            try
            {
                await Client.Containers.RemoveContainerAsync(id, new ContainerRemoveParameters { Force = true }, CancellationToken.None).ConfigureAwait(false);
            }
            catch (DockerApiException)
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

    /// <summary>The engine's reason for a failed call: its response body, else the status.</summary>
    internal static string Reason(DockerApiException e) =>
        string.IsNullOrWhiteSpace(e.ResponseBody) ? e.StatusCode.ToString() : e.ResponseBody.Trim();

    /// <inheritdoc/>
    public void Dispose()
    {
        if (_lazy.IsValueCreated)
        {
            _lazy.Value.Dispose();
        }
    }
}
