using System.Runtime.InteropServices;
using InitOS.Platform.Linux;
using static Tmds.Linux.LibC;

namespace InitOS.Platform.Files;

/// <summary>
/// Writes files and directories as root into trees that other users can change (<c>/home/&lt;user&gt;/.ssh</c>,
/// <c>write_files</c> targets) without ever following a symlink they could have planted. The path is walked one
/// component at a time from the root with <c>openat(O_DIRECTORY|O_NOFOLLOW)</c>; each step holds the directory's
/// file descriptor, so swapping a component for a symlink after it was checked changes nothing. A symlink on the way
/// is followed only when root owns it and its directory can be changed by root alone (owned by root, not group- or
/// world-writable, or sticky), as <c>/var/run -&gt; /run</c>; any other refuses the write with
/// <see cref="SymlinkRefusedException"/>. The file is created as a temp file with <c>O_CREAT|O_EXCL|O_NOFOLLOW</c>
/// in the verified directory, written, <c>fchmod</c>/<c>fchown</c>ed and fsynced through its descriptor and renamed
/// over the target with <c>renameat</c>; an existing target that is an untrusted symlink or a regular file with more
/// than one link (a hard link to, say, <c>/etc/shadow</c>, whose content the caller may have read and merged) is
/// refused instead of replaced.
/// </summary>
public static class NoFollowFiles
{
    private const int DirectoryMode = 0b111_101_101;
    private const int Sticky = 0b1_000_000_000;
    private const int GroupOrOtherWrite = 0b000_010_010;

    /// <summary>Replaces <paramref name="path"/> (a system path) under <paramref name="root"/> atomically.</summary>
    public static unsafe void WriteFile(string root, string path, byte[] content, UnixFileMode mode, int uid, int gid)
    {
        var (dir, name, dirTrusted) = OpenParent(root, path);
        try
        {
            var existing = Stat(dir, name);
            if (existing is { } st)
            {
                var type = st.Mode & (int)S_IFMT;
                if (type == (int)S_IFLNK && !(dirTrusted && st.Uid == 0))
                {
                    throw new SymlinkRefusedException(path, path, $"is a symlink owned by uid {st.Uid}");
                }
                if (type == (int)S_IFREG && st.Nlink > 1 && !dirTrusted)
                {
                    throw new SymlinkRefusedException(path, path, $"has {st.Nlink} hard links");
                }
            }
            var temp = $".{name}.tmp-{Environment.ProcessId}";
            var fd = CreateExclusive(dir, temp, (int)mode, path);
            try
            {
                try
                {
                    fixed (byte* p = content)
                    {
                        nuint done = 0;
                        while (done < (nuint)content.Length)
                        {
                            var n = FileNative.Write(fd, p + done, (nuint)content.Length - done);
                            if (n < 0)
                            {
                                Fail("write", path);
                            }
                            done += (nuint)n;
                        }
                    }
                    Check(FileNative.Fchmod(fd, (int)mode), "fchmod", path);
                    Chown(fd, uid, gid, path);
                    Check(FileNative.Fsync(fd), "fsync", path);
                }
                finally
                {
                    _ = FileNative.Close(fd);
                }
                Check(FileNative.RenameAt(dir, temp, dir, name), "rename", path);
            }
            catch
            {
                _ = FileNative.UnlinkAt(dir, temp, 0);
                throw;
            }
            _ = FileNative.Fsync(dir);
        }
        finally
        {
            _ = FileNative.Close(dir);
        }
    }

    /// <summary>Creates <paramref name="path"/> (and parents, 0755 root) when missing, then sets its mode and owner.</summary>
    public static void MakeDirectory(string root, string path, UnixFileMode mode, int uid, int gid)
    {
        var (dir, name, dirTrusted) = OpenParent(root, path);
        try
        {
            var fd = OpenDirectory(dir, name, dirTrusted, path, path, create: true);
            try
            {
                Check(FileNative.Fchmod(fd, (int)mode), "fchmod", path);
                Chown(fd, uid, gid, path);
            }
            finally
            {
                _ = FileNative.Close(fd);
            }
        }
        finally
        {
            _ = FileNative.Close(dir);
        }
    }

    /// <summary>Opens the directory that holds <paramref name="path"/>; its last component is returned as a name.</summary>
    private static (int Fd, string Name, bool Trusted) OpenParent(string root, string path)
    {
        var parts = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 0 || parts.Any(p => p is "." or ".."))
        {
            throw new IOException($"'{path}' is not a plain absolute path");
        }
        var dir = FileNative.Open(string.IsNullOrEmpty(root) ? "/" : root, O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0);
        if (dir < 0)
        {
            Fail("open", root);
        }
        var trusted = IsRootOnly(dir);
        var walked = "";
        try
        {
            for (var i = 0; i < parts.Length - 1; i++)
            {
                walked += "/" + parts[i];
                var next = OpenDirectory(dir, parts[i], trusted, walked, path, create: true);
                _ = FileNative.Close(dir);
                dir = next;
                trusted = IsRootOnly(dir);
            }
        }
        catch
        {
            _ = FileNative.Close(dir);
            throw;
        }
        return (dir, parts[^1], trusted);
    }

    private static int OpenDirectory(int dir, string name, bool dirTrusted, string component, string path, bool create)
    {
        var fd = FileNative.OpenAt(dir, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC, 0);
        if (fd >= 0)
        {
            return fd;
        }
        var errno = Marshal.GetLastPInvokeError();
        if (errno == ENOENT && create)
        {
            if (FileNative.MkdirAt(dir, name, DirectoryMode) != 0 && Marshal.GetLastPInvokeError() != EEXIST)
            {
                Fail("mkdir", component);
            }
            return OpenDirectory(dir, name, dirTrusted, component, path, create: false);
        }
        if (Stat(dir, name) is { } st && (st.Mode & (int)S_IFMT) == (int)S_IFLNK)
        {
            if (!(dirTrusted && st.Uid == 0))
            {
                throw new SymlinkRefusedException(path, component, $"is a symlink owned by uid {st.Uid}");
            }
            // Root's own link in a directory only root can change (/var/run -> /run): follow it.
            fd = FileNative.OpenAt(dir, name, O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0);
            if (fd >= 0)
            {
                return fd;
            }
            errno = Marshal.GetLastPInvokeError();
        }
        throw new IOException($"Failed to open '{component}' as a directory: {ErrnoNames.Name(errno)}");
    }

    private static int CreateExclusive(int dir, string temp, int mode, string path)
    {
        for (var attempt = 0; ; attempt++)
        {
            var fd = FileNative.OpenAt(dir, temp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode);
            if (fd >= 0)
            {
                return fd;
            }
            // A temp file left by a killed writer with our pid, or something planted under its name: remove the
            // entry itself (unlinkat never follows) and try once more.
            if (Marshal.GetLastPInvokeError() != EEXIST || attempt > 0)
            {
                Fail("create a temp file for", path);
            }
            _ = FileNative.UnlinkAt(dir, temp, 0);
        }
    }

    /// <summary>True when only root can change the entries of the open directory <paramref name="dir"/>.</summary>
    private static bool IsRootOnly(int dir) =>
        Stat(dir, "", AT_EMPTY_PATH) is { } st && st.Uid == 0 && ((st.Mode & GroupOrOtherWrite) == 0 || (st.Mode & Sticky) != 0);

    private static unsafe (int Mode, uint Uid, uint Nlink)? Stat(int dir, string name, int extraFlags = 0)
    {
        FileNative.StatxBuffer buffer;
        if (FileNative.Statx(dir, name, AT_SYMLINK_NOFOLLOW | extraFlags, FileNative.StatxBasic, &buffer) != 0)
        {
            return null;
        }
        return (buffer.Mode, buffer.Uid, buffer.Nlink);
    }

    private static void Chown(int fd, int uid, int gid, string path)
    {
        if (FileNative.Fchown(fd, uid, gid) != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            // Not root (a test tree run by a user) and asked for our own ids: nothing to change.
            if (!(uid == FileNative.GetEuid() && gid == FileNative.GetEgid()))
            {
                throw new IOException($"Failed to chown '{path}' to {uid}:{gid}: {ErrnoNames.Name(errno)}");
            }
        }
    }

    private static void Check(int rc, string operation, string path)
    {
        if (rc != 0)
        {
            Fail(operation, path);
        }
    }

    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    private static void Fail(string operation, string path) =>
        throw new IOException($"Failed to {operation} '{path}': {ErrnoNames.Name(Marshal.GetLastPInvokeError())}");
}
