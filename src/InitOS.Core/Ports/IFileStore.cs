namespace InitOS.Core.Ports;

/// <summary>
/// Files under the system root (<c>INITOS_ROOT</c>, default <c>/</c>). Every path given to this port is
/// an absolute system path such as <c>/var/lib/rancher/conf/cloud-config.yml</c>; the adapter maps it
/// under its root.
/// </summary>
public interface IFileStore
{
    /// <summary>The root prefix all paths are resolved under.</summary>
    string Root { get; }

    /// <summary>Maps a system path to the real path under <see cref="Root"/>.</summary>
    string Resolve(string path);

    /// <summary>Reads a whole text file; <c>null</c> when it does not exist.</summary>
    string? ReadText(string path);

    /// <summary>The size in bytes of a file (following links); <c>null</c> when it does not exist. Lets a reader
    /// refuse an oversize file before reading it (<see cref="Config.YamlLimits.MaxBytes"/>).</summary>
    long? SizeOf(string path);

    /// <summary>Names (not paths) of the regular files in a directory; empty when it does not exist.</summary>
    IReadOnlyList<string> ListFiles(string directory);

    /// <summary>
    /// Replaces a file atomically: writes a temp file in the same directory with <paramref name="mode"/>,
    /// fsyncs it, renames it over the target and fsyncs the directory. Missing parent directories are
    /// created with <paramref name="directoryMode"/>.
    /// </summary>
    void WriteAtomic(string path, string content, UnixFileMode mode, UnixFileMode directoryMode);

    /// <summary>Creates a directory (and missing parents) or, when it exists, sets its mode.</summary>
    void EnsureDirectory(string path, UnixFileMode mode);

    /// <summary>Names (not paths) of every entry of a directory, files and directories; empty when it does not exist.</summary>
    IReadOnlyList<string> ListEntries(string directory);

    /// <summary>Renames a file or directory (same filesystem; rename(2)).</summary>
    void Move(string from, string to);

    /// <summary>Deletes a file, or a directory with everything in it (symlinks removed, not followed); a missing path is fine.</summary>
    void Delete(string path);

    /// <summary>Takes an exclusive advisory lock held until the result is disposed.</summary>
    IDisposable Lock(string path);
}
