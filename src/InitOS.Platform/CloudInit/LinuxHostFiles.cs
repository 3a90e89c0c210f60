using System.Runtime.InteropServices;
using InitOS.Core.Ports;
using InitOS.Platform.Files;

namespace InitOS.Platform.CloudInit;

/// <summary><see cref="IHostFiles"/> over the real filesystem under a root, with chown(2) for ownership.</summary>
public sealed partial class LinuxHostFiles : IHostFiles
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
    public void WriteFile(string path, byte[] content, UnixFileMode mode, int uid, int gid)
    {
        var target = Resolve(path);
        var directory = Path.GetDirectoryName(target)!;
        Directory.CreateDirectory(directory, DefaultDirectoryMode);
        var temp = Path.Join(directory, $".{Path.GetFileName(target)}.tmp-{Environment.ProcessId}");
        try
        {
            using (var stream = new FileStream(temp, new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write, UnixCreateMode = mode }))
            {
                stream.Write(content);
                stream.Flush(flushToDisk: true);
            }
            File.SetUnixFileMode(temp, mode);
            Chown(temp, uid, gid);
            File.Move(temp, target, overwrite: true);
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
    }

    /// <inheritdoc/>
    public void MakeDirectory(string path, UnixFileMode mode, int uid, int gid)
    {
        var real = Resolve(path);
        Directory.CreateDirectory(real, DefaultDirectoryMode);
        File.SetUnixFileMode(real, mode);
        Chown(real, uid, gid);
    }

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

    private static void Chown(string path, int uid, int gid)
    {
        if (Lchown(path, uid, gid) != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            // Not root (a test tree run by a user) and asked for our own ids: nothing to change.
            if (!(uid == GetUid() && gid == GetGid()))
            {
                throw new IOException($"chown '{path}' to {uid}:{gid} failed: errno {errno}");
            }
        }
    }

    [LibraryImport("libc.so.6", EntryPoint = "lchown", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Lchown(string path, int uid, int gid);

    [LibraryImport("libc.so.6", EntryPoint = "getuid")]
    private static partial int GetUid();

    [LibraryImport("libc.so.6", EntryPoint = "getgid")]
    private static partial int GetGid();
}
