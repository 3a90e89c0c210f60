using System.Text.Json;
using System.Text.Json.Nodes;

namespace InitOS.Core.Boot;

/// <summary>
/// The system images as a prepared image store (issue 10): at build time a real dockerd loads the system images
/// and its <c>image/</c> and <c>overlay2/</c> trees go into the read-only system squashfs. At boot the images are
/// <em>grafted</em> into the system engine's data root before the engine starts: the layers' contents stay on the
/// squashfs (each layer's <c>diff</c> is a symlink to it, and overlayfs reads its lower layers there), and only the
/// engine's bookkeeping (the layer and image metadata, a few hundred KiB) is written to the data root. Nothing is
/// loaded, unpacked or copied from the images themselves, on a data root in memory or on disk.
/// <para>
/// The graft is idempotent and ordered so that a power cut leaves nothing the engine would misread: a layer's
/// <c>overlay2</c> directory first, its layer-store entry last (the engine ignores a layer without that entry), the
/// images after their layers, and <c>repositories.json</c> (the tags) last of all, written atomically.
/// A layer already in the data root (the same chain id) is kept; if its <c>diff</c> is a symlink (an earlier graft,
/// perhaps of another version's store) it is pointed at this store's copy of the same content.
/// </para>
/// </summary>
public static class SystemImageStore
{
    /// <summary>The store inside the mounted system squashfs.</summary>
    public const string Path = BootModules.SystemMount + "/store";

    /// <summary>The layer store's directory of layers by chain id (relative to a data root or the store).</summary>
    public const string LayerDb = "image/overlay2/layerdb/sha256";

    /// <summary>Where a layer's metadata is assembled before it is renamed into <see cref="LayerDb"/>.</summary>
    public const string LayerDbTemp = "image/overlay2/layerdb/tmp";

    /// <summary>The image configurations by image id.</summary>
    public const string ImageContent = "image/overlay2/imagedb/content/sha256";

    /// <summary>The per-image metadata (parent, last update) by image id.</summary>
    public const string ImageMetadata = "image/overlay2/imagedb/metadata/sha256";

    /// <summary>The tags: repository → reference → image id.</summary>
    public const string Repositories = "image/overlay2/repositories.json";

    /// <summary>The overlay2 driver's home: one directory per layer (by cache id) and <c>l/</c>, the short links.</summary>
    public const string Overlay = "overlay2";

    /// <summary>The small files of a layer's overlay2 directory that are copied (its <c>diff</c> is linked instead).</summary>
    public static readonly IReadOnlyList<string> LayerFiles = ["link", "lower", "committed"];

    /// <summary>True for a lowercase sha256 hex digest (a chain, cache or image id).</summary>
    public static bool IsId(string s) => s.Length == 64 && s.All(c => c is >= '0' and <= '9' or >= 'a' and <= 'f');

    /// <summary>True for an overlay2 short link name (26 of A-Z, 0-9).</summary>
    public static bool IsShortLink(string s) => s.Length == 26 && s.All(c => c is >= 'A' and <= 'Z' or >= '0' and <= '9');

    /// <summary>
    /// The operations that graft <paramref name="store"/> (found at <paramref name="storePath"/>, as the engine sees
    /// it) into a data root described by <paramref name="root"/>, in the order they must run, and the problems found in
    /// the store (a malformed entry is skipped, with the rest grafted).
    /// </summary>
    public static GraftPlan Plan(StoreSurvey store, RootSurvey root, string storePath)
    {
        var ops = new List<GraftOp>();
        var problems = new List<string>();
        var layers = store.Layers.Where(l =>
        {
            var ok = IsId(l.ChainId) && IsId(l.CacheId) && IsShortLink(l.ShortLink) && (l.ParentChainId is null || IsId(l.ParentChainId));
            if (!ok)
            {
                problems.Add($"layer '{l.ChainId}' of the image store is malformed (cache '{l.CacheId}', link '{l.ShortLink}'), skipping it");
            }
            return ok;
        }).ToList();
        var known = layers.ToDictionary(l => l.ChainId, StringComparer.Ordinal);
        var added = 0;
        var repointed = 0;
        foreach (var layer in ParentsFirst(layers, known))
        {
            var storeDiff = $"{storePath}/{Overlay}/{layer.CacheId}/diff";
            if (root.Chains.TryGetValue(layer.ChainId, out var cache))
            {
                // the same content is in the data root already: a real directory stays; a link follows this store
                if (!root.DiffLinks.TryGetValue(cache, out var target) || (target != null && target != storeDiff))
                {
                    ops.Add(new GraftOp.Link($"{Overlay}/{cache}/diff", storeDiff));
                    repointed++;
                }
                continue;
            }
            ops.Add(new GraftOp.MakeDirectory($"{Overlay}/{layer.CacheId}"));
            ops.AddRange(layer.Files.Where(f => LayerFiles.Contains(f)).Select(f => new GraftOp.CopyFile($"{Overlay}/{layer.CacheId}/{f}", $"{Overlay}/{layer.CacheId}/{f}")));
            ops.Add(new GraftOp.Link($"{Overlay}/{layer.CacheId}/diff", storeDiff));
            ops.Add(new GraftOp.MakeDirectory($"{Overlay}/l"));
            ops.Add(new GraftOp.Link($"{Overlay}/l/{layer.ShortLink}", $"../{layer.CacheId}/diff"));
            ops.Add(new GraftOp.CopyDirectory($"{LayerDb}/{layer.ChainId}", $"{LayerDbTemp}/graft-{layer.ChainId}", $"{LayerDb}/{layer.ChainId}"));
            added++;
        }
        var images = 0;
        foreach (var image in store.ImageIds)
        {
            if (!IsId(image))
            {
                problems.Add($"image '{image}' of the image store is malformed, skipping it");
                continue;
            }
            if (root.ImageIds.Contains(image))
            {
                continue;
            }
            if (store.ImagesWithMetadata.Contains(image))
            {
                ops.Add(new GraftOp.CopyDirectory($"{ImageMetadata}/{image}", $"{ImageMetadata}/.graft-{image}", $"{ImageMetadata}/{image}"));
            }
            ops.Add(new GraftOp.CopyFile($"{ImageContent}/{image}", $"{ImageContent}/{image}"));
            images++;
        }
        var tags = 0;
        if (store.Repositories is { } storeTags)
        {
            try
            {
                var (merged, changed) = MergeRepositories(root.Repositories, storeTags);
                tags = changed;
                if (changed > 0)
                {
                    ops.Add(new GraftOp.WriteFile(Repositories, merged));
                }
            }
            catch (JsonException e)
            {
                problems.Add($"the image store's tags ({Repositories}) cannot be read: {e.Message}; the images are there, untagged");
            }
        }
        return new GraftPlan(ops, problems, added, repointed, images, tags);
    }

    /// <summary>
    /// <paramref name="store"/>'s tags added to <paramref name="existing"/>'s (a tag both hold takes the store's image),
    /// as the engine's <c>repositories.json</c>, and how many tags were added or changed. An unreadable existing file
    /// is replaced by the store's tags (the engine would refuse it as it is). Throws <see cref="JsonException"/> when
    /// the store's own file is not valid.
    /// </summary>
    public static (string Json, int Changed) MergeRepositories(string? existing, string store)
    {
        var storeRepos = (JsonNode.Parse(store) as JsonObject)?["Repositories"] as JsonObject
            ?? throw new JsonException("no \"Repositories\" object");
        JsonObject root;
        try
        {
            root = existing is null ? new JsonObject() : JsonNode.Parse(existing) as JsonObject ?? new JsonObject();
        }
        catch (JsonException)
        {
            root = new JsonObject();
        }
        if (root["Repositories"] is not JsonObject repos)
        {
            repos = new JsonObject();
            root["Repositories"] = repos;
        }
        var changed = 0;
        foreach (var (name, refsNode) in storeRepos)
        {
            if (refsNode is not JsonObject refs)
            {
                continue;
            }
            if (repos[name] is not JsonObject target)
            {
                target = new JsonObject();
                repos[name] = target;
            }
            foreach (var (reference, idNode) in refs)
            {
                var id = idNode?.GetValueKind() == JsonValueKind.String ? idNode.GetValue<string>() : null;
                if (id is null)
                {
                    continue;
                }
                if (target[reference] is JsonValue v && v.GetValueKind() == JsonValueKind.String && v.GetValue<string>() == id)
                {
                    continue;
                }
                target[reference] = id;
                changed++;
            }
        }
        return (root.ToJsonString(), changed);
    }

    /// <summary>The layers ordered so that each comes after its parent (a parent outside the store counts as present).</summary>
    private static List<StoreLayer> ParentsFirst(List<StoreLayer> layers, Dictionary<string, StoreLayer> byChain)
    {
        var ordered = new List<StoreLayer>();
        var placed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var layer in layers.OrderBy(l => l.ChainId, StringComparer.Ordinal))
        {
            // walk up to the first placed (or unknown) ancestor, then place the chain top-down; no recursion
            var chain = new List<StoreLayer>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            for (var l = layer; l != null && !placed.Contains(l.ChainId) && seen.Add(l.ChainId);
                 l = l.ParentChainId is { } p && byChain.TryGetValue(p, out var parent) ? parent : null)
            {
                chain.Add(l);
            }
            for (var i = chain.Count - 1; i >= 0; i--)
            {
                placed.Add(chain[i].ChainId);
                ordered.Add(chain[i]);
            }
        }
        return ordered;
    }
}

/// <summary>One layer of the image store.</summary>
/// <param name="ChainId">Its directory in the layer store (the chain id, hex).</param>
/// <param name="CacheId">Its overlay2 directory (the cache id, hex).</param>
/// <param name="ShortLink">Its short link name in <c>overlay2/l</c>.</param>
/// <param name="ParentChainId">The chain id of its parent layer; null for a base layer.</param>
/// <param name="Files">The files of its overlay2 directory (besides <c>diff</c>).</param>
public sealed record StoreLayer(string ChainId, string CacheId, string ShortLink, string? ParentChainId, IReadOnlyList<string> Files);

/// <summary>What the image store holds.</summary>
/// <param name="Layers">Its layers.</param>
/// <param name="ImageIds">Its image ids.</param>
/// <param name="ImagesWithMetadata">The image ids that have a metadata directory.</param>
/// <param name="Repositories">The text of its <c>repositories.json</c>; null when absent.</param>
public sealed record StoreSurvey(IReadOnlyList<StoreLayer> Layers, IReadOnlyList<string> ImageIds, IReadOnlySet<string> ImagesWithMetadata, string? Repositories);

/// <summary>What the data root holds already.</summary>
/// <param name="Chains">Its layers: chain id → cache id.</param>
/// <param name="DiffLinks">Per cache id of <paramref name="Chains"/>: the target of its <c>diff</c> symlink, null for a real
/// directory; a cache id whose <c>diff</c> is missing is absent.</param>
/// <param name="ImageIds">Its image ids.</param>
/// <param name="Repositories">The text of its <c>repositories.json</c>; null when absent.</param>
public sealed record RootSurvey(IReadOnlyDictionary<string, string> Chains, IReadOnlyDictionary<string, string?> DiffLinks, IReadOnlySet<string> ImageIds, string? Repositories)
{
    /// <summary>An empty data root.</summary>
    public static RootSurvey Empty { get; } = new(new Dictionary<string, string>(), new Dictionary<string, string?>(), new HashSet<string>(), null);
}

/// <summary>The graft: operations in order, store problems, and what it adds.</summary>
/// <param name="Operations">What to do, in order; empty when the data root holds the store already.</param>
/// <param name="Problems">Malformed store entries, skipped.</param>
/// <param name="LayersAdded">Layers new to the data root.</param>
/// <param name="LayersRepointed">Layers already there whose content link now points into this store.</param>
/// <param name="ImagesAdded">Images new to the data root.</param>
/// <param name="TagsChanged">Tags added or moved.</param>
public sealed record GraftPlan(IReadOnlyList<GraftOp> Operations, IReadOnlyList<string> Problems, int LayersAdded, int LayersRepointed, int ImagesAdded, int TagsChanged);

/// <summary>One step of a graft; paths are relative to the data root (and, for sources, to the store).</summary>
public abstract record GraftOp
{
    private GraftOp()
    {
    }

    /// <summary>Creates a directory (and its parents), mode 0700; nothing when it exists.</summary>
    public sealed record MakeDirectory(string Path) : GraftOp;

    /// <summary>Copies a small file from the store (through a temporary name, synced, renamed).</summary>
    public sealed record CopyFile(string From, string To) : GraftOp;

    /// <summary>Copies a directory of small files from the store into <paramref name="Staging"/>, then renames it to
    /// <paramref name="To"/> (a leftover staging directory of an earlier cut is replaced).</summary>
    public sealed record CopyDirectory(string From, string Staging, string To) : GraftOp;

    /// <summary>Creates or replaces the symlink <paramref name="Path"/> → <paramref name="Target"/>.</summary>
    public sealed record Link(string Path, string Target) : GraftOp;

    /// <summary>Writes a file atomically.</summary>
    public sealed record WriteFile(string Path, string Content) : GraftOp;
}
