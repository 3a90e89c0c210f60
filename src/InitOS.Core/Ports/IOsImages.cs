namespace InitOS.Core.Ports;

/// <summary>OS images (<c>initos/os:vX</c>) in the system engine: the source of an install or an upgrade.</summary>
public interface IOsImages
{
    /// <summary>Whether the engine holds <paramref name="image"/>.</summary>
    Task<bool> HasAsync(string image, CancellationToken cancellationToken);

    /// <summary>Pulls <paramref name="image"/> from its registry, reporting progress lines; an
    /// <see cref="IOException"/> names the registry and the reason on failure.</summary>
    Task PullAsync(string image, Action<string> progress, CancellationToken cancellationToken);

    /// <summary>Copies the image's <c>/dist</c> directory into <paramref name="targetDirectory"/> (which then
    /// holds vmlinuz, initrd, manifest, installer/...), without running the image.</summary>
    Task ExtractDistAsync(string image, string targetDirectory, CancellationToken cancellationToken);
}
