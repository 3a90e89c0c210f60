namespace InitOS.Core.Boot;

/// <summary>
/// Kernel modules PID 1 loads before <c>rancher.modules</c>: storage for the state disk, what the system
/// squashfs, overlayfs for the engines, the user engine's bridge networking and acpid's power button need
/// (built-in ones are no-ops for modprobe).
/// </summary>
public static class BootModules
{
    /// <summary>
    /// What the boot needs before it goes on, in load order: storage drivers and filesystems (udev runs later, as a
    /// service, so the state disk and config drives must be found without it), the system squashfs, and the
    /// hardware random source. <c>load-modules</c> waits for these.
    /// </summary>
    public static IReadOnlyList<string> Early { get; } =
    [
        "virtio_pci", "virtio_blk", "virtio_scsi", "ahci", "ata_piix", "nvme", "sd_mod", "sr_mod",
        "usb_storage", "ext4", "isofs", "vfat",
        "loop", "squashfs", "virtio_rng",
    ];

    /// <summary>
    /// What only the engines and the services need: overlayfs, the bridge networking and its netfilter rules, and
    /// acpid's power button. They load in the background while the state phase runs; the system engine's start
    /// waits for them.
    /// </summary>
    public static IReadOnlyList<string> ForEngines { get; } =
    [
        "overlay",
        "bridge", "br_netfilter", "veth",
        "nf_tables", "nft_compat", "nft_chain_nat", "xt_MASQUERADE", "xt_conntrack", "xt_addrtype",
        "button", "evdev",
    ];

    /// <summary>Every module PID 1 loads before <c>rancher.modules</c>: <see cref="Early"/>, then <see cref="ForEngines"/>.</summary>
    public static IReadOnlyList<string> Required { get; } = [.. Early, .. ForEngines];

    /// <summary>The system squashfs the initrd carries (engine binaries and the system images).</summary>
    public const string SystemImage = "/usr/lib/initos/system.sqfs";

    /// <summary>Where PID 1 mounts it read-only.</summary>
    public const string SystemMount = "/usr/lib/initos/system";

    /// <summary>
    /// The entries of <c>rancher.modules</c> (with their parameters) not loaded yet according to the
    /// text of /proc/modules; names compare with '-' and '_' as equals, as the kernel does.
    /// </summary>
    public static IReadOnlyList<string[]> Pending(IEnumerable<string> entries, string procModules)
    {
        var loaded = procModules.Split('\n').Select(l => l.Split(' ')[0].Replace('-', '_')).ToHashSet(StringComparer.Ordinal);
        return entries
            .Select(e => e.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(a => a.Length > 0 && !loaded.Contains(a[0].Replace('-', '_')))
            .ToList();
    }
}
