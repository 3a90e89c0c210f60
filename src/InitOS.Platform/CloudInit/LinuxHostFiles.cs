using InitOS.Core.Ports;
using InitOS.Platform.Files;

namespace InitOS.Platform.CloudInit;

/// <summary><see cref="IHostFiles"/> over the real filesystem under a root, with writes that never follow a user's symlink (<see cref="NoFollowFiles"/>).</summary>
public sealed class LinuxHostFiles : IHostFiles
{
    private const UnixFileMode DefaultDirectoryMode = (UnixFileMode)0b111_101_101;
    private readonly IFileStore _store;

    /// <summary>Creates the adapter over the same root as <paramref name="store"/>.</summary>
    public LinuxHostFiles(IFileStore store)
    {
        _store = store;
    }

    /// <inheritdoc/>
    public bool IsRooted => _store.Root != "/";

    /// <inheritdoc/>
    public string Resolve(string path) => _store.Resolve(path);

    /// <inheritdoc/>
    public bool Exists(string path)
    {
        var real = Resolve(path);
        return File.Exists(real) || Directory.Exists(real);
    }

    /// <inheritdoc/>
    /// <remarks>Through <see cref="NoFollowFiles"/>: a symlink a user could have planted on the way is refused.</remarks>
    public void WriteFile(string path, byte[] content, UnixFileMode mode, int uid, int gid) =>
        NoFollowFiles.WriteFile(_store.Root, path, content, mode, uid, gid);

    /// <inheritdoc/>
    /// <remarks>Through <see cref="NoFollowFiles"/>: mode and owner are set on the opened directory, never by path.</remarks>
    public void MakeDirectory(string path, UnixFileMode mode, int uid, int gid) =>
        NoFollowFiles.MakeDirectory(_store.Root, path, mode, uid, gid);

    /// <inheritdoc/>
    public void WriteInPlace(string path, string value)
    {
        using var stream = new FileStream(Resolve(path), FileMode.Open, FileAccess.Write);
        stream.Write(System.Text.Encoding.UTF8.GetBytes(value));
    }

    /// <inheritdoc/>
    public void RewriteInPlace(string path, byte[] content)
    {
        InPlaceFile.Write(Resolve(path), content);
    }

    /// <inheritdoc/>
    public bool IsExecutable(string path)
    {
        var real = Resolve(path);
        if (!File.Exists(real))
        {
            return false;
        }
        const UnixFileMode anyExecute = UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;
        return (File.GetUnixFileMode(real) & anyExecute) != 0;
    }

    /// <inheritdoc/>
    public void ReplaceSymlink(string linkPath, string target)
    {
        var real = Resolve(linkPath);
        Directory.CreateDirectory(Path.GetDirectoryName(real)!, DefaultDirectoryMode);
        var temp = Path.Join(Path.GetDirectoryName(real)!, $".{Path.GetFileName(real)}.tmp-{Environment.ProcessId}");
        File.Delete(temp);
        File.CreateSymbolicLink(temp, target);
        File.Move(temp, real, overwrite: true);
    }
}
