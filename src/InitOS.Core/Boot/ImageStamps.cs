namespace InitOS.Core.Boot;

/// <summary>Where the system images come from and the stamps that make loading them once per version.</summary>
public static class ImageStamps
{
    /// <summary>The system images archive in the initrd.</summary>
    public const string SystemArchive = "/usr/share/ros/images-system.tar";

    /// <summary>User tarballs to preload into the system engine.</summary>
    public const string SystemPreloadDir = "/var/lib/rancher/preload/system-docker";

    /// <summary>User tarballs to preload into the user engine.</summary>
    public const string UserPreloadDir = "/var/lib/rancher/preload/docker";

    /// <summary>The per-version stamp: <c>/var/lib/rancher/.sysimages_v1_2_3_loaded.done</c>.</summary>
    public static string SystemStamp(string version) =>
        $"/var/lib/rancher/.sysimages_{version.Replace('.', '_').Replace('/', '_')}_loaded.done";

    /// <summary>
    /// Whether the system images are loaded now, and whether the stamps (the version stamp, the preloads'
    /// <c>.done</c>) may say so on the state disk. They are loaded when the version is not stamped, or when the
    /// engine's data root was replaced in this boot (a fresh or memory data root holds no images, whatever the
    /// stamps say); a stamp is written only for a data root on disk, and removed for one in memory (its images
    /// are gone at the next boot).
    /// </summary>
    public static (bool Load, bool Stamp) SystemImagesPlan(bool stamped, bool dataRootReplaced, bool dataRootInMemory) =>
        (!stamped || dataRootReplaced, !dataRootInMemory);

    /// <summary>
    /// The archives of a preload directory still to load: <c>*.tar</c>, <c>*.tar.gz</c>, <c>*.tgz</c>
    /// without a <c>&lt;file&gt;.done</c> stamp beside them, hidden files skipped, sorted.
    /// </summary>
    public static IReadOnlyList<string> PendingPreloads(IReadOnlyList<string> fileNames)
    {
        var names = new HashSet<string>(fileNames, StringComparer.Ordinal);
        return fileNames
            .Where(n => !n.StartsWith('.'))
            .Where(n => n.EndsWith(".tar", StringComparison.Ordinal) || n.EndsWith(".tar.gz", StringComparison.Ordinal) || n.EndsWith(".tgz", StringComparison.Ordinal))
            .Where(n => !names.Contains(n + ".done"))
            .Order(StringComparer.Ordinal)
            .ToList();
    }
}
