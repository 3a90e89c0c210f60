using InitOS.Core.Services;

namespace InitOS.Core.Ports;

/// <summary>
/// A Docker engine, in Core records. Failures the caller can act on come back as values (null, false);
/// anything else is an <c>EngineException</c>-style exception naming the operation.
/// </summary>
public interface IContainerEngine
{
    /// <summary>The endpoint it talks to (<c>unix:///var/run/system-docker.sock</c>).</summary>
    string Endpoint { get; }

    /// <summary>True when <c>/_ping</c> answers.</summary>
    Task<bool> PingAsync(CancellationToken cancellationToken);

    /// <summary>True when the image exists locally.</summary>
    Task<bool> ImageExistsAsync(string image, CancellationToken cancellationToken);

    /// <summary>
    /// Pulls an image from its registry with <paramref name="credentials"/> when given. A failure is an exception
    /// whose message names the registry and the registry's reason.
    /// </summary>
    Task PullAsync(string image, RegistryCredentials? credentials, CancellationToken cancellationToken);

    /// <summary>Loads a <c>docker save</c> archive (optionally gzip-compressed) from a file.</summary>
    Task LoadImagesAsync(string archivePath, CancellationToken cancellationToken);

    /// <summary>Containers carrying label <paramref name="label"/> (<c>key</c> or <c>key=value</c>), stopped ones included.</summary>
    Task<IReadOnlyList<ContainerInfo>> ListAsync(string label, CancellationToken cancellationToken);

    /// <summary>The container with this name or id; null when none.</summary>
    Task<ContainerInfo?> InspectAsync(string nameOrId, CancellationToken cancellationToken);

    /// <summary>Creates a container; returns its id.</summary>
    Task<string> CreateAsync(ContainerSpec spec, CancellationToken cancellationToken);

    /// <summary>Starts a container (no error when it already runs).</summary>
    Task StartAsync(string id, CancellationToken cancellationToken);

    /// <summary>Stops a container, killing it after <paramref name="timeout"/>.</summary>
    Task StopAsync(string id, TimeSpan timeout, CancellationToken cancellationToken);

    /// <summary>Removes a container (forcibly, with its anonymous volumes).</summary>
    Task RemoveAsync(string id, CancellationToken cancellationToken);

    /// <summary>Waits for a container to exit; returns its exit code.</summary>
    Task<long> WaitAsync(string id, CancellationToken cancellationToken);

    /// <summary>The container's stdout and stderr so far, as text.</summary>
    Task<string> LogsAsync(string id, CancellationToken cancellationToken);
}
