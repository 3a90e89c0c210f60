using InitOS.Core.Cmdline;

namespace InitOS.Core.Lifecycle;

/// <summary>
/// Where an installed InitOS keeps its boot files: the ext4 partition <see cref="Label"/> with GRUB's
/// configuration and environment and one directory per slot (<c>A/</c>, <c>B/</c>: vmlinuz, initrd, manifest),
/// mounted by PID 1 at <see cref="MountPoint"/> (under /run, so the console sees it).
/// </summary>
public static class BootPartition
{
    /// <summary>The filesystem label of the boot partition (GRUB's early config searches for it).</summary>
    public const string Label = "INITOS_BOOT";

    /// <summary>The filesystem label of the state partition.</summary>
    public const string StateLabel = "RANCHER_STATE";

    /// <summary>The volume label of the InitOS ISO (RancherOS's), the install medium.</summary>
    public const string MediumLabel = "RancherOS";

    /// <summary>Where PID 1 mounts the boot partition of an installed system.</summary>
    public const string MountPoint = "/run/initos/boot";

    /// <summary>GRUB's environment block, relative to the partition's root.</summary>
    public const string EnvPath = "grub/grubenv";

    /// <summary>GRUB's configuration, relative to the partition's root.</summary>
    public const string ConfigPath = "grub/grub.cfg";

    /// <summary>The user's kernel arguments (<c>ros install -a</c>), kept for upgrades, relative to the root.</summary>
    public const string AppendPath = "grub/append";

    /// <summary>The kernel argument GRUB adds to each slot's entry.</summary>
    public const string SlotArgument = "initos.slot";

    /// <summary>The files of one OS payload, in the order they are written (the manifest last: a slot with a
    /// manifest is complete).</summary>
    public static readonly IReadOnlyList<string> SlotFiles = ["vmlinuz", "initrd", "manifest"];

    /// <summary>The files an install needs besides the slot files, relative to the payload directory.</summary>
    public static readonly IReadOnlyList<string> InstallerFiles = ["installer/boot.img", "installer/core.img", "installer/esp.img.gz"];

    /// <summary>The slot directory, relative to the partition's root.</summary>
    public static string SlotDirectory(Slot slot) => Slots.Name(slot);

    /// <summary>The slot the kernel command line says GRUB booted (<c>initos.slot=A</c>); null on a live boot.</summary>
    public static Slot? BootedSlot(string? cmdline)
    {
        if (cmdline is null)
        {
            return null;
        }
        Slot? found = null;
        foreach (var word in KernelCmdline.Split(cmdline))
        {
            if (word.StartsWith(SlotArgument + "=", StringComparison.Ordinal) && Slots.TryParse(word[(SlotArgument.Length + 1)..], out var slot))
            {
                found = slot;
            }
        }
        return found;
    }
}
