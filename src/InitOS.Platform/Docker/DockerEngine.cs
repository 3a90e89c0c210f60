using System.IO.Compression;
using System.Net;
using Docker.DotNet;
using Docker.DotNet.Models;
using InitOS.Core.Ports;
using InitOS.Core.Services;
using ContainerSpec = InitOS.Core.Services.ContainerSpec;

namespace InitOS.Platform.Docker;

/// <summary>
/// <see cref="IContainerEngine"/> over Docker.DotNet.Enhanced with an explicit unix:// endpoint.
/// Docker.DotNet types never leave this class; its exceptions become <see cref="EngineException"/>.
/// </summary>
public sealed class DockerEngine : IContainerEngine, IDisposable
{
    private readonly DockerClient _client;

    /// <summary>Connects (lazily) to <paramref name="endpoint"/>, e.g. <c>unix:///var/run/system-docker.sock</c>.</summary>
    public DockerEngine(string endpoint)
    {
        Endpoint = endpoint;
        _client = new DockerClientBuilder().WithEndpoint(new Uri(endpoint)).WithTimeout(TimeSpan.FromMinutes(5)).Build();
    }

    /// <inheritdoc/>
    public string Endpoint { get; }

    /// <inheritdoc/>
    public async Task<bool> PingAsync(CancellationToken cancellationToken)
    {
        try
        {
            await _client.System.PingAsync(cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (Exception e) when (e is HttpRequestException or IOException or DockerApiException or TimeoutException
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
            await _client.Images.InspectImageAsync(image, cancellationToken).ConfigureAwait(false);
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
        catch (DockerApiException e)
        {
            throw Wrap($"inspect image {image}", e);
        }
    }

    /// <inheritdoc/>
    public async Task PullAsync(string image, RegistryCredentials? credentials, CancellationToken cancellationToken)
    {
        var (repository, tag) = DockerOsImages.Split(image);
        var registry = RegistryAuths.RegistryOf(image);
        var errors = new List<string>();
        var reporter = new SyncProgress<JSONMessage>(m =>
        {
            if (m.Error is { Message: { Length: > 0 } message })
            {
                errors.Add(message);
            }
        });
        var auth = credentials is null ? null : new AuthConfig
        {
            ServerAddress = credentials.Server,
            Username = credentials.Username,
            Password = credentials.Password,
            Auth = credentials.Auth,
            IdentityToken = credentials.IdentityToken,
        };
        try
        {
            await _client.Images.CreateImageAsync(new ImagesCreateParameters { FromImage = repository, Tag = tag }, auth, reporter, cancellationToken).ConfigureAwait(false);
        }
        catch (DockerApiException e)
        {
            throw new EngineException($"pull {image}", e.StatusCode, $"registry {registry} refused it: {DockerOsImages.Reason(e)}", e);
        }
        if (errors.Count > 0)
        {
            throw new EngineException($"pull {image}", null, $"registry {registry}: {errors[^1]}");
        }
    }

    /// <inheritdoc/>
    public async Task LoadImagesAsync(string archivePath, CancellationToken cancellationToken)
    {
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
                var errors = new List<string>();
                // Synchronous: Progress<T> posts to the thread pool, so an error message (ENOSPC while loading)
                // could arrive after the check below and a failed load pass for a good one.
                var progress = new SyncProgress<JSONMessage>(m =>
                {
                    if (m.Error is { Message: { Length: > 0 } message })
                    {
                        lock (errors)
                        {
                            errors.Add(message);
                        }
                    }
                });
                await _client.Images.LoadImageAsync(new ImageLoadParameters { Quiet = true }, input, progress, cancellationToken).ConfigureAwait(false);
                lock (errors)
                {
                    if (errors.Count > 0)
                    {
                        throw new EngineException($"load {archivePath}", null, string.Join("; ", errors));
                    }
                }
            }
        }
        catch (DockerApiException e)
        {
            throw Wrap($"load {archivePath}", e);
        }
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<ContainerInfo>> ListAsync(string label, CancellationToken cancellationToken)
    {
        try
        {
            var parameters = new ContainersListParameters { All = true };
            if (label.Length > 0)
            {
                parameters.Filters = new Dictionary<string, IDictionary<string, bool>>
                {
                    ["label"] = new Dictionary<string, bool> { [label] = true },
                };
            }
            var list = await _client.Containers.ListContainersAsync(parameters, cancellationToken).ConfigureAwait(false);
            return list.Select(c => new ContainerInfo(
                c.ID,
                c.Names.FirstOrDefault()?.TrimStart('/') ?? c.ID,
                c.Image,
                c.State ?? "",
                0,
                (IReadOnlyDictionary<string, string>?)(c.Labels as IReadOnlyDictionary<string, string>) ?? new Dictionary<string, string>(c.Labels ?? new Dictionary<string, string>()))).ToList();
        }
        catch (DockerApiException e)
        {
            throw Wrap("list containers", e);
        }
    }

    /// <inheritdoc/>
    public async Task<ContainerInfo?> InspectAsync(string nameOrId, CancellationToken cancellationToken)
    {
        try
        {
            var c = await _client.Containers.InspectContainerAsync(nameOrId, cancellationToken).ConfigureAwait(false);
            return new ContainerInfo(
                c.ID,
                c.Name.TrimStart('/'),
                c.Config?.Image ?? c.Image,
                c.State?.Status ?? "",
                c.State?.ExitCode ?? 0,
                new Dictionary<string, string>(c.Config?.Labels ?? new Dictionary<string, string>()))
            {
                RestartCount = c.RestartCount,
                StartedAt = DateTimeOffset.TryParse(c.State?.StartedAt, System.Globalization.CultureInfo.InvariantCulture, out var started) && started.Year > 1 ? started : null,
                Error = c.State?.Error ?? "",
                OomKilled = c.State?.OOMKilled ?? false,
            };
        }
        catch (DockerContainerNotFoundException)
        {
            return null;
        }
        catch (DockerApiException e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
        catch (DockerApiException e)
        {
            throw Wrap($"inspect {nameOrId}", e);
        }
    }

    /// <inheritdoc/>
    public async Task<string> CreateAsync(ContainerSpec spec, CancellationToken cancellationToken)
    {
        try
        {
            var response = await _client.Containers.CreateContainerAsync(DockerSpecMapper.ToCreateParameters(spec), cancellationToken).ConfigureAwait(false);
            return response.ID;
        }
        catch (DockerApiException e)
        {
            throw Wrap($"create {spec.Name}", e);
        }
    }

    /// <inheritdoc/>
    public async Task StartAsync(string id, CancellationToken cancellationToken)
    {
        try
        {
            await _client.Containers.StartContainerAsync(id, new ContainerStartParameters(), cancellationToken).ConfigureAwait(false);
        }
        catch (DockerApiException e)
        {
            throw Wrap($"start {id}", e);
        }
    }

    /// <inheritdoc/>
    public async Task StopAsync(string id, TimeSpan timeout, CancellationToken cancellationToken)
    {
        try
        {
            await _client.Containers.StopContainerAsync(id, new ContainerStopParameters { WaitBeforeKillSeconds = (uint)Math.Max(0, timeout.TotalSeconds) }, cancellationToken).ConfigureAwait(false);
        }
        catch (DockerContainerNotFoundException)
        {
            // Already gone: stopped is what was asked for.
        }
        catch (DockerApiException e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
        }
        catch (DockerApiException e)
        {
            throw Wrap($"stop {id}", e);
        }
    }

    /// <inheritdoc/>
    public async Task RemoveAsync(string id, CancellationToken cancellationToken)
    {
        try
        {
            await _client.Containers.RemoveContainerAsync(id, new ContainerRemoveParameters { Force = true, RemoveVolumes = true }, cancellationToken).ConfigureAwait(false);
        }
        catch (DockerContainerNotFoundException)
        {
        }
        catch (DockerApiException e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
        }
        catch (DockerApiException e)
        {
            throw Wrap($"remove {id}", e);
        }
    }

    /// <inheritdoc/>
    public async Task<long> WaitAsync(string id, CancellationToken cancellationToken)
    {
        try
        {
            var response = await _client.Containers.WaitContainerAsync(id, cancellationToken).ConfigureAwait(false);
            return response.StatusCode;
        }
        catch (DockerApiException e)
        {
            throw Wrap($"wait {id}", e);
        }
    }

    /// <inheritdoc/>
    public async Task<string> LogsAsync(string id, CancellationToken cancellationToken)
    {
        try
        {
            using var stream = await _client.Containers.GetContainerLogsAsync(id, new ContainerLogsParameters { ShowStdout = true, ShowStderr = true }, cancellationToken).ConfigureAwait(false);
            var (stdout, stderr) = await stream.ReadOutputToEndAsync(cancellationToken).ConfigureAwait(false);
            return stdout + stderr;
        }
        catch (DockerApiException e)
        {
            throw Wrap($"logs {id}", e);
        }
    }

    /// <inheritdoc/>
    public void Dispose() => _client.Dispose();

    private static EngineException Wrap(string operation, DockerApiException e) =>
        new(operation, e.StatusCode, e.ResponseBody is { Length: > 0 } body ? body.Trim() : e.Message, e);
}
