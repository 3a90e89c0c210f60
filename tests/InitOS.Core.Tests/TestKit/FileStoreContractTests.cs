using InitOS.Core.Ports;
using InitOS.Platform.Files;

namespace InitOS.Core.Tests.TestKit;

/// <summary>
/// The kit's <see cref="MemoryFileStore"/> keeps the promises of the rooted store on disk: each case runs against
/// both, so a unit test on the memory store sees what the real one would do.
/// </summary>
public sealed class FileStoreContractTests
{
    private const UnixFileMode Private = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode PrivateDir = Private | UnixFileMode.UserExecute;

    public static TheoryData<string> Stores => ["disk", "memory"];

    /// <summary>One store under test, with what the port does not offer: symlinks and modes.</summary>
    private sealed class Subject : IDisposable
    {
        private readonly TempRoot? _disk;
        private readonly MemoryFileStore? _memory;

        public Subject(string kind)
        {
            if (kind == "disk")
            {
                _disk = new TempRoot();
            }
            else
            {
                _memory = new MemoryFileStore();
            }
        }

        public IFileStore Store => (IFileStore?)_disk?.Files ?? _memory!;

        public void Symlink(string path, string relativeTarget)
        {
            if (_disk is { } disk)
            {
                File.CreateSymbolicLink(disk.Files.Resolve(path), relativeTarget);
            }
            else
            {
                _memory!.WithSymlink(path, relativeTarget);
            }
        }

        public void Put(string path, byte[] bytes)
        {
            if (_disk is { } disk)
            {
                Directory.CreateDirectory(Path.GetDirectoryName(disk.Files.Resolve(path))!);
                File.WriteAllBytes(disk.Files.Resolve(path), bytes);
            }
            else
            {
                _memory!.With(path, bytes);
            }
        }

        public UnixFileMode? Mode(string path)
        {
            if (_disk is { } disk)
            {
                var full = disk.Files.Resolve(path);
                return File.Exists(full) || Directory.Exists(full) ? File.GetUnixFileMode(full) : null;
            }
            return _memory!.Mode(path);
        }

        public void Dispose() => _disk?.Dispose();
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public void Missing_paths_read_as_nothing(string kind)
    {
        using var s = new Subject(kind);
        Assert.Null(s.Store.ReadText("/etc/none"));
        Assert.Null(s.Store.SizeOf("/etc/none"));
        Assert.Empty(s.Store.ListFiles("/etc/none"));
        Assert.Empty(s.Store.ListEntries("/etc/none"));
        s.Store.Delete("/etc/none");
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public void An_atomic_write_makes_parents_with_their_mode_and_replaces_content_and_mode(string kind)
    {
        using var s = new Subject(kind);
        s.Store.WriteAtomic("/var/lib/conf/a.yml", "one: 1\n", Private, PrivateDir);
        Assert.Equal("one: 1\n", s.Store.ReadText("/var/lib/conf/a.yml"));
        Assert.Equal(7, s.Store.SizeOf("/var/lib/conf/a.yml"));
        Assert.Equal(Private, s.Mode("/var/lib/conf/a.yml"));
        Assert.Equal(PrivateDir, s.Mode("/var/lib/conf"));
        s.Store.WriteAtomic("/var/lib/conf/a.yml", "two: 2é\n", Core.Modes.File0644, PrivateDir);
        Assert.Equal("two: 2é\n", s.Store.ReadText("/var/lib/conf/a.yml"));
        Assert.Equal(9, s.Store.SizeOf("/var/lib/conf/a.yml"));
        Assert.Equal(Core.Modes.File0644, s.Mode("/var/lib/conf/a.yml"));
        Assert.Equal(["a.yml"], s.Store.ListEntries("/var/lib/conf"));
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public void Files_are_what_is_not_a_directory_after_links_entries_are_everything(string kind)
    {
        using var s = new Subject(kind);
        s.Store.WriteAtomic("/d/file", "x", Private, PrivateDir);
        s.Store.EnsureDirectory("/d/sub", PrivateDir);
        s.Symlink("/d/to-file", "file");
        s.Symlink("/d/to-sub", "sub");
        s.Symlink("/d/dangling", "nothing");
        Assert.Equal(["dangling", "file", "to-file"], s.Store.ListFiles("/d").Order(StringComparer.Ordinal));
        Assert.Equal(["dangling", "file", "sub", "to-file", "to-sub"], s.Store.ListEntries("/d").Order(StringComparer.Ordinal));
        Assert.Equal("x", s.Store.ReadText("/d/to-file"));
        Assert.Equal(1, s.Store.SizeOf("/d/to-file"));
        Assert.Null(s.Store.ReadText("/d/dangling"));
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public void Text_is_read_as_UTF8_unless_a_byte_order_mark_says_otherwise(string kind)
    {
        using var s = new Subject(kind);
        s.Put("/etc/plain", "hé\n"u8.ToArray());
        s.Put("/etc/bom8", [0xEF, 0xBB, 0xBF, .. "hé\n"u8.ToArray()]);
        s.Put("/etc/bom16", [0xFF, 0xFE, (byte)'h', 0, 0xE9, 0, (byte)'\n', 0]);
        s.Put("/etc/invalid", [(byte)'a', 0xFF, (byte)'b']);
        Assert.Equal("hé\n", s.Store.ReadText("/etc/plain"));
        Assert.Equal("hé\n", s.Store.ReadText("/etc/bom8"));
        Assert.Equal("hé\n", s.Store.ReadText("/etc/bom16"));
        Assert.Equal("a\uFFFDb", s.Store.ReadText("/etc/invalid"));
        Assert.Equal(7, s.Store.SizeOf("/etc/bom8"));
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public void EnsureDirectory_creates_or_sets_the_mode(string kind)
    {
        using var s = new Subject(kind);
        s.Store.EnsureDirectory("/a/b", PrivateDir);
        Assert.Equal(PrivateDir, s.Mode("/a/b"));
        s.Store.EnsureDirectory("/a/b", Core.Modes.Dir0755);
        Assert.Equal(Core.Modes.Dir0755, s.Mode("/a/b"));
        Assert.Equal(["b"], s.Store.ListEntries("/a"));
        Assert.Empty(s.Store.ListFiles("/a"));
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public void Move_renames_files_and_trees_and_refuses_an_existing_target_or_a_missing_directory(string kind)
    {
        using var s = new Subject(kind);
        s.Store.WriteAtomic("/src/tree/f", "f", Private, PrivateDir);
        s.Store.WriteAtomic("/src/g", "g", Private, PrivateDir);
        s.Store.EnsureDirectory("/dst", PrivateDir);
        s.Store.Move("/src/tree", "/dst/tree");
        s.Store.Move("/src/g", "/dst/g");
        Assert.Equal("f", s.Store.ReadText("/dst/tree/f"));
        Assert.Equal("g", s.Store.ReadText("/dst/g"));
        Assert.Empty(s.Store.ListEntries("/src"));
        s.Store.WriteAtomic("/src/h", "h", Private, PrivateDir);
        Assert.ThrowsAny<IOException>(() => s.Store.Move("/src/h", "/dst/g"));
        Assert.ThrowsAny<IOException>(() => s.Store.Move("/src/h", "/nowhere/h"));
        Assert.Equal("g", s.Store.ReadText("/dst/g"));
        Assert.Equal("h", s.Store.ReadText("/src/h"));
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public void Delete_removes_a_tree_and_a_link_without_following_it(string kind)
    {
        using var s = new Subject(kind);
        s.Store.WriteAtomic("/keep/f", "f", Private, PrivateDir);
        s.Store.WriteAtomic("/gone/sub/f", "f", Private, PrivateDir);
        s.Symlink("/link", "keep");
        s.Store.Delete("/link");
        s.Store.Delete("/gone");
        Assert.Equal(["keep"], s.Store.ListEntries("/").Where(e => e is "keep" or "gone" or "link"));
        Assert.Equal("f", s.Store.ReadText("/keep/f"));
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public void A_write_over_a_link_replaces_the_link_not_its_target(string kind)
    {
        using var s = new Subject(kind);
        s.Store.WriteAtomic("/etc/real", "real", Private, PrivateDir);
        s.Symlink("/etc/link", "real");
        s.Store.WriteAtomic("/etc/link", "new", Private, PrivateDir);
        Assert.Equal("real", s.Store.ReadText("/etc/real"));
        Assert.Equal("new", s.Store.ReadText("/etc/link"));
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public void A_lock_leaves_its_file_and_is_taken_again_once_released(string kind)
    {
        using var s = new Subject(kind);
        using (s.Store.Lock("/run/x.lock"))
        {
            Assert.Equal(["x.lock"], s.Store.ListFiles("/run"));
        }
        using (s.Store.Lock("/run/x.lock"))
        {
        }
    }

    [Fact]
    public void An_injected_write_failure_keeps_the_old_content()
    {
        var store = new MemoryFileStore().With("/etc/a", "old");
        store.FailWrites = p => p == "/etc/a";
        Assert.Throws<IOException>(() => store.WriteAtomic("/etc/a", "new", Private, PrivateDir));
        Assert.Equal("old", store.Read("/etc/a"));
    }

    [Fact]
    public void A_second_holder_of_a_memory_lock_fails_at_once()
    {
        var store = new MemoryFileStore();
        using var held = store.Lock("/run/x.lock");
        Assert.Throws<IOException>(() => store.Lock("/run/x.lock"));
    }
}
