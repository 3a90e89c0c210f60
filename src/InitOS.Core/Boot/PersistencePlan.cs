namespace InitOS.Core.Boot;

/// <summary>The directories the state partition provides, as bind mounts from <see cref="StateSettings.MountPoint"/>.</summary>
public static class PersistencePlan
{
    /// <summary>The persisted directories, in mount order.</summary>
    public static IReadOnlyList<string> Directories { get; } =
    [
        "/var/lib/rancher",
        "/var/lib/system-docker",
        "/var/lib/user-docker",
        "/home",
        "/opt",
        "/var/log",
    ];

    /// <summary>
    /// Bind mounts from the state root (the mount point, or its <paramref name="subdirectory"/>) onto
    /// each persisted directory: <c>/state/home</c> → <c>/home</c>.
    /// </summary>
    public static IReadOnlyList<MountEntry> Binds(string? subdirectory)
    {
        var root = string.IsNullOrEmpty(subdirectory)
            ? StateSettings.MountPoint
            : StateSettings.MountPoint + "/" + subdirectory.Trim('/');
        return Directories
            .Select(d => new MountEntry(root + d, d, "", MountFlags.Bind, null, StepKind.Required))
            .ToList();
    }

    /// <summary>
    /// Without a state device the engines' data roots still need a filesystem overlayfs accepts as an
    /// upper layer: tmpfs mounts over the initramfs (RancherOS's setupSharedRoot in initrd mode).
    /// </summary>
    public static IReadOnlyList<MountEntry> Memory { get; } =
    [
        new("tmpfs", "/var/lib/system-docker", "tmpfs", MountFlags.None, "mode=0711", StepKind.Required),
        new("tmpfs", "/var/lib/user-docker", "tmpfs", MountFlags.None, "mode=0711", StepKind.Required),
    ];
}
