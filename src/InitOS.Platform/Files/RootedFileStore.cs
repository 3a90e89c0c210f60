using InitOS.Core.Ports;

namespace InitOS.Platform.Files;

/// <summary><see cref="IFileStore"/> over the real filesystem, rooted at a prefix.</summary>
public sealed class RootedFileStore : IFileStore
{
    /// <summary>Creates a store rooted at <paramref name="root"/>.</summary>
    public RootedFileStore(string root)
    {
        Root = string.IsNullOrEmpty(root) ? "/" : Path.GetFullPath(root);
    }

    /// <summary>A store rooted at <c>$INITOS_ROOT</c> (default <c>/</c>).</summary>
    public static RootedFileStore FromEnvironment() => new(Environment.GetEnvironmentVariable("INITOS_ROOT") ?? "/");

    /// <inheritdoc/>
    public string Root { get; }

    /// <inheritdoc/>
    public string Resolve(string path) => Root == "/" ? path : Path.Join(Root, path);

    /// <inheritdoc/>
    public string? ReadText(string path)
    {
        var full = Resolve(path);
        // Missing files are the common case (absent layers); an exception costs more than the check.
        if (!File.Exists(full))
        {
            return null;
        }
        try
        {
            return File.ReadAllText(full);
        }
        catch (FileNotFoundException)
        {
            return null;
        }
        catch (DirectoryNotFoundException)
        {
            return null;
        }
    }

    /// <inheritdoc/>
    public long? SizeOf(string path)
    {
        var info = new FileInfo(Resolve(path));
        if (info.LinkTarget != null)
        {
            info = info.ResolveLinkTarget(returnFinalTarget: true) as FileInfo ?? info;
        }
        return info.Exists ? info.Length : null;
    }

    /// <inheritdoc/>
    public IReadOnlyList<string> ListEntries(string directory)
    {
        var dir = new DirectoryInfo(Resolve(directory));
        return dir.Exists ? dir.EnumerateFileSystemInfos().Select(e => e.Name).ToList() : [];
    }

    /// <inheritdoc/>
    public void Move(string from, string to)
    {
        var source = Resolve(from);
        if (Directory.Exists(source) && new DirectoryInfo(source).LinkTarget == null)
        {
            Directory.Move(source, Resolve(to));
        }
        else
        {
            File.Move(source, Resolve(to));
        }
    }

    /// <inheritdoc/>
    public void Delete(string path)
    {
        var target = Resolve(path);
        var info = new DirectoryInfo(target);
        if (info.Exists && info.LinkTarget == null)
        {
            info.Delete(recursive: true);
        }
        else if (File.Exists(target) || info.LinkTarget != null)
        {
            File.Delete(target);
        }
    }

    /// <inheritdoc/>
    public IReadOnlyList<string> ListFiles(string directory)
    {
        var dir = new DirectoryInfo(Resolve(directory));
        if (!dir.Exists)
        {
            return [];
        }
        var names = new List<string>();
        foreach (var entry in dir.EnumerateFileSystemInfos())
        {
            // Follow symlinks: a link to a regular file counts as a file.
            var isDir = entry is DirectoryInfo || (entry.LinkTarget != null && Directory.Exists(entry.FullName));
            if (!isDir)
            {
                names.Add(entry.Name);
            }
        }
        return names;
    }

    /// <inheritdoc/>
    public void WriteAtomic(string path, string content, UnixFileMode mode, UnixFileMode directoryMode)
    {
        var target = Resolve(path);
        var directory = Path.GetDirectoryName(target)!;
        Directory.CreateDirectory(directory, directoryMode);
        var temp = Path.Join(directory, "." + Path.GetFileName(target) + ".tmp-" + Environment.ProcessId);
        try
        {
            var options = new FileStreamOptions
            {
                Mode = FileMode.Create,
                Access = FileAccess.Write,
                UnixCreateMode = mode,
            };
            using (var stream = new FileStream(temp, options))
            {
                var bytes = System.Text.Encoding.UTF8.GetBytes(content);
                stream.Write(bytes);
                stream.Flush(flushToDisk: true);
            }
            File.SetUnixFileMode(temp, mode);
            File.Move(temp, target, overwrite: true);
        }
        catch
        {
            _ = TryDelete(temp);
            throw;
        }
        FsyncDirectory(directory);
        RemoveStaleTempFiles(directory, Path.GetFileName(target));
    }

    /// <summary>Temp files of writers that were killed before their rename: the pid in the name is gone.</summary>
    private static void RemoveStaleTempFiles(string directory, string name)
    {
        foreach (var stale in Directory.EnumerateFiles(directory, "." + name + ".tmp-*"))
        {
            var pid = stale[(stale.LastIndexOf('-') + 1)..];
            if (int.TryParse(pid, out _) && !Directory.Exists("/proc/" + pid))
            {
                _ = TryDelete(stale);
            }
        }
    }

    /// <inheritdoc/>
    public void EnsureDirectory(string path, UnixFileMode mode)
    {
        var target = Resolve(path);
        if (Directory.Exists(target))
        {
            File.SetUnixFileMode(target, mode);
        }
        else
        {
            Directory.CreateDirectory(target, mode);
        }
    }

    /// <inheritdoc/>
    public IDisposable Lock(string path)
    {
        var target = Resolve(path);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        // FileShare.None on Unix takes an flock(LOCK_EX); retry until the holder releases it.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            try
            {
                return new FileStream(target, new FileStreamOptions
                {
                    Mode = FileMode.OpenOrCreate,
                    Access = FileAccess.ReadWrite,
                    Share = FileShare.None,
                    UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
                });
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                Thread.Sleep(5);
            }
            catch (IOException e)
            {
                throw new IOException($"{path} is still locked by another writer after 30 s", e);
            }
        }
    }

    private static bool TryDelete(string path)
    {
        try
        {
            File.Delete(path);
            return true;
        }
        catch (IOException)
        {
            return false;
        }
    }

    private static unsafe void FsyncDirectory(string directory)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(directory + "\0");
        fixed (byte* p = bytes)
        {
            int fd = Tmds.Linux.LibC.open(p, Tmds.Linux.LibC.O_RDONLY | Tmds.Linux.LibC.O_DIRECTORY | Tmds.Linux.LibC.O_CLOEXEC, 0);
            if (fd < 0)
            {
                return;
            }
            _ = Tmds.Linux.LibC.fsync(fd);
            _ = Tmds.Linux.LibC.close(fd);
        }
    }
}
