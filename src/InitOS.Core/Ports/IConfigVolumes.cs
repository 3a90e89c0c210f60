namespace InitOS.Core.Ports;

/// <summary>
/// Local provisioning volumes and files: a config drive (<c>config-2</c>), a NoCloud <c>cidata</c> volume, or a
/// plain file named by a <c>file:</c> datasource. Every path is a system path mapped under the store root.
/// </summary>
public interface IConfigVolumes
{
    /// <summary>
    /// The block device (for example <c>/dev/sr0</c>) whose filesystem label equals <paramref name="label"/>,
    /// compared without case; <c>null</c> when no device carries it.
    /// </summary>
    string? FindDeviceByLabel(string label);

    /// <summary>
    /// Reads <paramref name="relativePaths"/> from <paramref name="source"/>: a directory (an already mounted
    /// volume) or a block device, which is mounted read-only on a private mount point for the duration of the
    /// call. Files that do not exist are absent from the result; a source that cannot be read gives an empty
    /// result.
    /// </summary>
    IReadOnlyDictionary<string, byte[]> ReadFiles(string source, IReadOnlyList<string> relativePaths);

    /// <summary>The bytes of one file; <c>null</c> when it does not exist.</summary>
    byte[]? ReadFile(string path);
}
