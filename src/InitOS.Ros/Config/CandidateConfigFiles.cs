using InitOS.Core.Config;
using InitOS.Core.Ports;

namespace InitOS.Ros.Config;

/// <summary>
/// The system files as they would be with <see cref="ConfigPaths.UserConfig"/> replaced by a candidate text: what
/// <c>ros config validate</c> loads to see the merged configuration the next boot would have. Read-only.
/// </summary>
internal sealed class CandidateConfigFiles(IFileStore system, string userConfig) : IFileStore
{
    public string Root => system.Root;

    public string Resolve(string path) => system.Resolve(path);

    public string? ReadText(string path) => path == ConfigPaths.UserConfig ? userConfig : system.ReadText(path);

    public long? SizeOf(string path) => path == ConfigPaths.UserConfig ? System.Text.Encoding.UTF8.GetByteCount(userConfig) : system.SizeOf(path);

    public IReadOnlyList<string> ListFiles(string directory) => system.ListFiles(directory);

    public IReadOnlyList<string> ListEntries(string directory) => system.ListEntries(directory);

    public void WriteAtomic(string path, string content, UnixFileMode mode, UnixFileMode directoryMode) => throw ReadOnly();

    public void EnsureDirectory(string path, UnixFileMode mode) => throw ReadOnly();

    public void Move(string from, string to) => throw ReadOnly();

    public void Delete(string path) => throw ReadOnly();

    public IDisposable Lock(string path) => throw ReadOnly();

    private static InvalidOperationException ReadOnly() => new("the candidate configuration is read-only");
}
