using System.Text;

namespace InitOS.TestKit;

/// <summary>The tree behind <see cref="MemoryFileStore"/>, and what a test uses to arrange and inspect it.</summary>
public sealed partial class MemoryFileStore
{
    private const int MaxLinks = 40; // ELOOP, as the kernel
    private readonly SortedDictionary<string, Node> _nodes = new(StringComparer.Ordinal);

    private enum NodeKind
    {
        File,
        Directory,
        Symlink,
    }

    private sealed class Node(NodeKind kind, UnixFileMode mode, byte[] content, string? link)
    {
        public NodeKind Kind { get; } = kind;
        public UnixFileMode Mode { get; set; } = mode;
        public byte[] Content { get; } = content;
        public string? Link { get; } = link;
        public long? Size { get; init; }
    }

    /// <summary>Puts a file (0644, parents 0755) without recording a call; returns the store for chaining.</summary>
    public MemoryFileStore With(string path, string content, UnixFileMode mode = Core.Modes.File0644)
    {
        lock (_lock)
        {
            var target = Normal(path);
            MakeParents(target, Core.Modes.Dir0755);
            _nodes[Place(target)] = new Node(NodeKind.File, mode, Encoding.UTF8.GetBytes(content), null);
            return this;
        }
    }

    /// <summary>Puts a file holding <paramref name="bytes"/> as they are (0644, parents 0755), without recording a call.</summary>
    public MemoryFileStore With(string path, byte[] bytes)
    {
        lock (_lock)
        {
            var target = Normal(path);
            MakeParents(target, Core.Modes.Dir0755);
            _nodes[Place(target)] = new Node(NodeKind.File, Core.Modes.File0644, [.. bytes], null);
            return this;
        }
    }

    /// <summary>Puts a file that reports <paramref name="size"/> bytes but holds none (a sparse file no test wants read).</summary>
    public MemoryFileStore WithSparse(string path, long size)
    {
        lock (_lock)
        {
            var target = Normal(path);
            MakeParents(target, Core.Modes.Dir0755);
            _nodes[Place(target)] = new Node(NodeKind.File, Core.Modes.File0644, [], null) { Size = size };
            return this;
        }
    }

    /// <summary>Puts directories (0755, with their parents) without recording a call.</summary>
    public MemoryFileStore WithDirectories(params string[] paths)
    {
        lock (_lock)
        {
            foreach (var path in paths.Select(Normal))
            {
                MakeParents(path, Core.Modes.Dir0755);
                _nodes.TryAdd(Place(path), new Node(NodeKind.Directory, Core.Modes.Dir0755, [], null));
            }
            return this;
        }
    }

    /// <summary>Puts a symlink at <paramref name="path"/> to <paramref name="target"/> (absolute: under this store's root).</summary>
    public MemoryFileStore WithSymlink(string path, string target)
    {
        lock (_lock)
        {
            var link = Normal(path);
            MakeParents(link, Core.Modes.Dir0755);
            _nodes[Place(link)] = new Node(NodeKind.Symlink, (UnixFileMode)0b111_111_111, [], target);
            return this;
        }
    }

    /// <summary>The text of a file (symlinks followed) without recording a read; null when there is none.</summary>
    public string? Read(string path)
    {
        lock (_lock)
        {
            return Find(path, follow: true) is { Kind: NodeKind.File } file ? Text(file.Content) : null;
        }
    }

    /// <summary>True when anything (file, directory, symlink) is at <paramref name="path"/> itself.</summary>
    public bool Exists(string path)
    {
        lock (_lock)
        {
            return Real(Normal(path), follow: false, 0) is { } real && Get(real) is not null;
        }
    }

    /// <summary>True when <paramref name="path"/> is a directory (symlinks followed).</summary>
    public bool IsDirectory(string path)
    {
        lock (_lock)
        {
            return Find(path, follow: true) is { Kind: NodeKind.Directory };
        }
    }

    /// <summary>The mode of what is at <paramref name="path"/> (symlinks followed); null when nothing is.</summary>
    public UnixFileMode? Mode(string path)
    {
        lock (_lock)
        {
            return Find(path, follow: true)?.Mode;
        }
    }

    /// <summary>Every path in the store (the root excluded), sorted.</summary>
    public IReadOnlyList<string> Paths
    {
        get
        {
            lock (_lock)
            {
                return _nodes.Keys.Where(k => k != "/").ToList();
            }
        }
    }

    /// <summary>Text as <c>File.ReadAllText</c> reads it: UTF-8 unless a byte order mark says otherwise (and without it).</summary>
    private static string Text(byte[] content)
    {
        using var reader = new StreamReader(new MemoryStream(content), Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        return reader.ReadToEnd();
    }

    private static string Normal(string path)
    {
        if (!path.StartsWith('/'))
        {
            throw new ArgumentException($"Not an absolute system path: '{path}'", nameof(path));
        }
        var parts = new List<string>();
        foreach (var part in path.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            if (part == "..")
            {
                if (parts.Count > 0)
                {
                    parts.RemoveAt(parts.Count - 1);
                }
            }
            else if (part != ".")
            {
                parts.Add(part);
            }
        }
        return "/" + string.Join('/', parts);
    }

    private static string Parent(string path) => path.LastIndexOf('/') is var i and > 0 ? path[..i] : "/";

    private static string Name(string path) => path[(path.LastIndexOf('/') + 1)..];

    private static string Octal(UnixFileMode mode) => Convert.ToString((int)mode, 8);

    /// <summary>Where a new entry for <paramref name="normal"/> goes: its parent's real path (links on the way
    /// followed) and its own name, the last component not followed.</summary>
    private string Place(string normal) => Real(normal, follow: false, 0) ?? throw new DirectoryNotFoundException($"No directory for '{normal}'");

    private Node? Get(string normal) => _nodes.GetValueOrDefault(normal);

    /// <summary>The node at <paramref name="path"/>, directories on the way followed if they are links; the last
    /// component followed when <paramref name="follow"/>.</summary>
    private Node? Find(string path, bool follow) => Real(Normal(path), follow, 0) is { } real ? Get(real) : null;

    private string? Real(string normal, bool follow, int depth)
    {
        if (depth > MaxLinks)
        {
            throw new IOException($"Too many levels of symbolic links at '{normal}'");
        }
        if (normal == "/")
        {
            return normal;
        }
        var parent = Real(Parent(normal), follow: true, depth);
        if (parent is null || Get(parent) is not { Kind: NodeKind.Directory })
        {
            return null;
        }
        var here = (parent == "/" ? "" : parent) + "/" + Name(normal);
        if (follow && Get(here) is { Kind: NodeKind.Symlink, Link: { } link })
        {
            return Real(Normal(link.StartsWith('/') ? link : parent + "/" + link), follow: true, depth + 1);
        }
        return here;
    }

    private IEnumerable<string> Children(string directory)
    {
        if (Real(Normal(directory), follow: true, 0) is not { } dir || Get(dir) is not { Kind: NodeKind.Directory })
        {
            return [];
        }
        var prefix = dir == "/" ? "/" : dir + "/";
        return _nodes.Keys.Where(k => k.Length > prefix.Length && k.StartsWith(prefix, StringComparison.Ordinal) && !k[prefix.Length..].Contains('/')).ToList();
    }

    private IEnumerable<string> Subtree(string normal) =>
        _nodes.Keys.Where(k => k == normal || (Get(normal) is { Kind: NodeKind.Directory } && k.StartsWith(normal + "/", StringComparison.Ordinal))).ToList();

    private void MakeParents(string normal, UnixFileMode mode)
    {
        var parent = Parent(normal);
        if (parent == "/" || Find(parent, follow: true) is { Kind: NodeKind.Directory })
        {
            return;
        }
        if (Real(parent, follow: false, 0) is { } existing && Get(existing) is not null)
        {
            throw new IOException($"'{parent}' is not a directory");
        }
        MakeParents(parent, mode);
        _nodes[Place(parent)] = new Node(NodeKind.Directory, mode, [], null);
    }

    private void Add(string normal, Node node)
    {
        if (Get(normal) is not null)
        {
            throw new IOException($"'{normal}' exists");
        }
        _nodes[normal] = node;
    }
}
