using System.Text;
using InitOS.Core.Ports;

namespace InitOS.TestKit;

/// <summary>
/// <see cref="IFileStore"/> in memory, with the semantics of the rooted store on disk: a tree of directories, files
/// and symlinks with modes; writes replace a file whole (a reader sees the old or the new content, never a mix; an
/// injected failure leaves the old one); reads and sizes follow symlinks, deletes and moves do not; a rename needs
/// the target's directory and refuses an existing target. <see cref="Calls"/> records each change as one line.
/// </summary>
public sealed partial class MemoryFileStore : IFileStore
{
    private readonly object _lock = new();
    private readonly HashSet<string> _locked = new(StringComparer.Ordinal);

    /// <summary>A store whose <see cref="Resolve"/> maps system paths under <paramref name="root"/> (default <c>/</c>).</summary>
    public MemoryFileStore(string root = "/")
    {
        Root = root;
        _nodes["/"] = new Node(NodeKind.Directory, Core.Modes.Dir0755, [], null);
    }

    /// <summary>Each change as one line: <c>write '/p' 600</c>, <c>mkdir '/d'</c>, <c>move '/a' '/b'</c>, <c>delete '/p'</c>, <c>lock '/p'</c>.</summary>
    public List<string> Calls { get; } = [];

    /// <summary>The paths read with <see cref="ReadText"/>, in order (to prove a file was not read).</summary>
    public List<string> Reads { get; } = [];

    /// <summary>When set, a write to a path it accepts fails with an <see cref="IOException"/> and changes nothing.</summary>
    public Func<string, bool>? FailWrites { get; set; }

    /// <inheritdoc/>
    public string Root { get; }

    /// <inheritdoc/>
    public string Resolve(string path) => Root == "/" ? path : Path.Join(Root, path);

    /// <inheritdoc/>
    public string? ReadText(string path)
    {
        lock (_lock)
        {
            Reads.Add(path);
            return Find(path, follow: true) is { Kind: NodeKind.File } file ? Text(file.Content) : null;
        }
    }

    /// <inheritdoc/>
    public long? SizeOf(string path)
    {
        lock (_lock)
        {
            return Find(path, follow: true) is { Kind: NodeKind.File } file ? file.Size ?? file.Content.Length : null;
        }
    }

    /// <inheritdoc/>
    public IReadOnlyList<string> ListFiles(string directory)
    {
        lock (_lock)
        {
            // as on disk: everything that is not a directory once links are followed (a dangling link included)
            return Children(directory).Where(c => Find(c, follow: true) is not { Kind: NodeKind.Directory }).Select(Name).ToList();
        }
    }

    /// <inheritdoc/>
    public IReadOnlyList<string> ListEntries(string directory)
    {
        lock (_lock)
        {
            return Children(directory).Select(Name).ToList();
        }
    }

    /// <inheritdoc/>
    public void WriteAtomic(string path, string content, UnixFileMode mode, UnixFileMode directoryMode)
    {
        lock (_lock)
        {
            var target = Normal(path);
            if (FailWrites?.Invoke(target) == true)
            {
                throw new IOException($"Injected write failure on '{target}'");
            }
            MakeParents(target, directoryMode);
            var real = Place(target);
            if (Get(real) is { Kind: NodeKind.Directory })
            {
                throw new IOException($"'{target}' is a directory");
            }
            // rename(2) over the target: a symlink there is replaced, not followed
            _nodes[real] = new Node(NodeKind.File, mode, Encoding.UTF8.GetBytes(content), null);
            Calls.Add($"write '{target}' {Octal(mode)}");
        }
    }

    /// <inheritdoc/>
    public void EnsureDirectory(string path, UnixFileMode mode)
    {
        lock (_lock)
        {
            var target = Normal(path);
            if (Find(target, follow: true) is { Kind: NodeKind.Directory } existing)
            {
                existing.Mode = mode;
            }
            else
            {
                MakeParents(target, mode);
                Add(Place(target), new Node(NodeKind.Directory, mode, [], null));
            }
            Calls.Add($"mkdir '{target}'");
        }
    }

    /// <inheritdoc/>
    public void Move(string from, string to)
    {
        lock (_lock)
        {
            var (source, target) = (Normal(from), Normal(to));
            var (realSource, realTarget) = (Real(source, follow: false, 0), Real(target, follow: false, 0));
            if (realSource is null || Get(realSource) is null)
            {
                throw new FileNotFoundException($"Cannot move '{source}': no such file or directory", source);
            }
            if (Find(Parent(target), follow: true) is not { Kind: NodeKind.Directory })
            {
                throw new DirectoryNotFoundException($"Cannot move '{source}' to '{target}': no directory '{Parent(target)}'");
            }
            if (realTarget is null || Get(realTarget) is not null)
            {
                throw new IOException($"Cannot move '{source}' to '{target}': it exists");
            }
            foreach (var p in Subtree(realSource))
            {
                _nodes[realTarget + p[realSource.Length..]] = _nodes[p];
                _nodes.Remove(p);
            }
            Calls.Add($"move '{source}' '{target}'");
        }
    }

    /// <inheritdoc/>
    public void Delete(string path)
    {
        lock (_lock)
        {
            var target = Normal(path);
            foreach (var p in Real(target, follow: false, 0) is { } real ? Subtree(real) : [])
            {
                _nodes.Remove(p);
            }
            Calls.Add($"delete '{target}'");
        }
    }

    /// <inheritdoc/>
    /// <remarks>The lock file is created (0600) as on disk. A second lock on a held path fails at once with an
    /// <see cref="IOException"/> instead of waiting: a test that needs two holders has a bug, not a race.</remarks>
    public IDisposable Lock(string path)
    {
        lock (_lock)
        {
            var target = Normal(path);
            if (!_locked.Add(target))
            {
                throw new IOException($"{target} is still locked by another writer");
            }
            MakeParents(target, Core.Modes.Dir0700);
            if (Get(Place(target)) is null)
            {
                Add(Place(target), new Node(NodeKind.File, Core.Modes.File0600, [], null));
            }
            Calls.Add($"lock '{target}'");
            return new Release(this, target);
        }
    }

    private sealed class Release(MemoryFileStore store, string path) : IDisposable
    {
        public void Dispose()
        {
            lock (store._lock)
            {
                _ = store._locked.Remove(path);
            }
        }
    }
}
