using InitOS.Core.Boot;
using InitOS.Platform.Files;
using InitOS.Platform.Linux;

namespace InitOS.Platform.Docker;

/// <summary>
/// Grafts the prepared system image store into an engine's data root (<see cref="SystemImageStore"/>): surveys both
/// trees, has the pure planner decide, and runs its operations. Run only while the engine on that data root is
/// stopped. Files are small (the layer and image metadata); each is written through a temporary name, synced and
/// renamed, and the filesystem is synced at the end. Throws <see cref="IOException"/> on a write error.
/// </summary>
public static class ImageStoreGraft
{
    private const string Temp = ".graft-tmp";
    private const UnixFileMode Private = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    /// <summary>True when <paramref name="storePath"/> holds an image store.</summary>
    public static bool Exists(string storePath) => Directory.Exists(Path.Join(storePath, SystemImageStore.LayerDb));

    /// <summary>Grafts the store at <paramref name="storePath"/> (the path the engine sees) into <paramref name="dataRoot"/>.</summary>
    public static GraftPlan Graft(string storePath, string dataRoot)
    {
        var plan = SystemImageStore.Plan(SurveyStore(storePath), SurveyRoot(dataRoot), storePath);
        foreach (var op in plan.Operations)
        {
            Apply(op, storePath, dataRoot);
        }
        if (plan.Operations.Count > 0)
        {
            FileNative.Sync();
        }
        return plan;
    }

    /// <summary>What the store holds; unreadable entries are left out (the planner reports malformed ones).</summary>
    public static StoreSurvey SurveyStore(string store)
    {
        var layers = new List<StoreLayer>();
        foreach (var dir in Names(Path.Join(store, SystemImageStore.LayerDb), directories: true))
        {
            var chainDir = Path.Join(store, SystemImageStore.LayerDb, dir);
            var cache = ReadTrimmed(Path.Join(chainDir, "cache-id")) ?? "";
            var parent = ReadTrimmed(Path.Join(chainDir, "parent")) is { } p ? p.Replace("sha256:", "", StringComparison.Ordinal) : null;
            var cacheDir = Path.Join(store, SystemImageStore.Overlay, cache);
            var link = cache.Length > 0 ? ReadTrimmed(Path.Join(cacheDir, "link")) ?? "" : "";
            var files = cache.Length > 0 ? Names(cacheDir, directories: false) : [];
            layers.Add(new StoreLayer(dir, cache, link, parent, files));
        }
        var images = Names(Path.Join(store, SystemImageStore.ImageContent), directories: false);
        var withMetadata = Names(Path.Join(store, SystemImageStore.ImageMetadata), directories: true).ToHashSet(StringComparer.Ordinal);
        return new StoreSurvey(layers, images, withMetadata, ReadText(Path.Join(store, SystemImageStore.Repositories)));
    }

    /// <summary>What a data root holds already.</summary>
    public static RootSurvey SurveyRoot(string root)
    {
        var chains = new Dictionary<string, string>(StringComparer.Ordinal);
        var diffs = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var dir in Names(Path.Join(root, SystemImageStore.LayerDb), directories: true))
        {
            if (ReadTrimmed(Path.Join(root, SystemImageStore.LayerDb, dir, "cache-id")) is not { Length: > 0 } cache)
            {
                continue;
            }
            chains[dir] = cache;
            var diff = new FileInfo(Path.Join(root, SystemImageStore.Overlay, cache, "diff"));
            if (diff.LinkTarget is { } target)
            {
                diffs[cache] = target;
            }
            else if (Directory.Exists(diff.FullName))
            {
                diffs[cache] = null;
            }
        }
        var images = Names(Path.Join(root, SystemImageStore.ImageContent), directories: false).ToHashSet(StringComparer.Ordinal);
        return new RootSurvey(chains, diffs, images, ReadText(Path.Join(root, SystemImageStore.Repositories)));
    }

    private static void Apply(GraftOp op, string store, string root)
    {
        // every target's parent exists first (a fresh data root has none of the engine's directories)
        var target = op switch
        {
            GraftOp.CopyFile c => c.To,
            GraftOp.CopyDirectory c => c.Staging,
            GraftOp.Link l => l.Path,
            GraftOp.WriteFile w => w.Path,
            _ => null,
        };
        if (target != null && Path.GetDirectoryName(Path.Join(root, target)) is { } parent)
        {
            Directory.CreateDirectory(parent, Private);
        }
        switch (op)
        {
            case GraftOp.MakeDirectory d:
                Directory.CreateDirectory(Path.Join(root, d.Path), Private);
                break;
            case GraftOp.CopyFile c:
                CopyFile(Path.Join(store, c.From), Path.Join(root, c.To));
                break;
            case GraftOp.CopyDirectory c:
                var staging = Path.Join(root, c.Staging);
                var to = Path.Join(root, c.To);
                DeleteTree(staging);
                CopyTree(Path.Join(store, c.From), staging);
                DeleteTree(to);
                Directory.CreateDirectory(Path.GetDirectoryName(to)!, Private);
                Directory.Move(staging, to);
                break;
            case GraftOp.Link l:
                var path = Path.Join(root, l.Path);
                var temp = path + Temp;
                File.Delete(temp);
                File.CreateSymbolicLink(temp, l.Target);
                // rename(2) replaces a symlink or file in one step; a real directory is never replaced (the planner
                // links only where there was a link or nothing)
                if (FileNative.Rename(temp, path) != 0)
                {
                    // File.Move would refuse a link to a directory; rename(2) moves the link itself
                    var errno = System.Runtime.InteropServices.Marshal.GetLastPInvokeError();
                    throw new IOException($"Failed to rename '{temp}' to '{path}': {ErrnoNames.Name(errno)}");
                }
                break;
            case GraftOp.WriteFile w:
                WriteSynced(Path.Join(root, w.Path), System.Text.Encoding.UTF8.GetBytes(w.Content), (UnixFileMode)0x180);
                break;
        }
    }

    private static void CopyTree(string from, string to)
    {
        Directory.CreateDirectory(to, File.GetUnixFileMode(from));
        foreach (var entry in new DirectoryInfo(from).EnumerateFileSystemInfos())
        {
            var target = Path.Join(to, entry.Name);
            if (entry.LinkTarget is { } link)
            {
                File.CreateSymbolicLink(target, link);
            }
            else if (entry is DirectoryInfo)
            {
                CopyTree(entry.FullName, target);
            }
            else
            {
                WriteSynced(target, File.ReadAllBytes(entry.FullName), entry.UnixFileMode, rename: false);
            }
        }
    }

    private static void CopyFile(string from, string to) =>
        WriteSynced(to, File.ReadAllBytes(from), File.GetUnixFileMode(from));

    private static void WriteSynced(string path, byte[] content, UnixFileMode mode, bool rename = true)
    {
        var temp = rename ? path + Temp : path;
        using (var f = new FileStream(temp, new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write, UnixCreateMode = mode }))
        {
            f.Write(content);
            f.Flush(flushToDisk: true);
        }
        File.SetUnixFileMode(temp, mode);
        if (rename)
        {
            File.Move(temp, path, overwrite: true);
        }
    }

    private static void DeleteTree(string path)
    {
        if (new FileInfo(path).LinkTarget != null || File.Exists(path))
        {
            File.Delete(path);
        }
        else if (Directory.Exists(path))
        {
            Directory.Delete(path, recursive: true);
        }
    }

    private static List<string> Names(string dir, bool directories)
    {
        if (!Directory.Exists(dir))
        {
            return [];
        }
        var entries = directories ? Directory.EnumerateDirectories(dir) : Directory.EnumerateFiles(dir);
        return entries.Select(Path.GetFileName).OfType<string>().Where(n => !n.StartsWith('.') && !n.EndsWith(Temp, StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList();
    }

    private static string? ReadText(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static string? ReadTrimmed(string path) => ReadText(path)?.Trim();
}
