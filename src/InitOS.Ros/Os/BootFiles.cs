using System.Text;
using InitOS.Core.Lifecycle;
using InitOS.Core.Ports;

namespace InitOS.Ros.Os;

/// <summary>
/// The boot partition (<see cref="BootPartition.Label"/>) mounted at <paramref name="root"/>: GRUB's
/// environment and configuration, the user's kernel arguments and the two slots. Every write is atomic.
/// </summary>
public sealed class BootFiles(IDiskOps disks, string root)
{
    /// <summary>Where the partition is mounted.</summary>
    public string Root { get; } = root;

    /// <summary>GRUB's environment; an unreadable or missing block reads as empty.</summary>
    public GrubEnv ReadEnv()
    {
        var bytes = disks.ReadFile(Path.Join(Root, BootPartition.EnvPath));
        if (bytes is null)
        {
            return GrubEnv.Empty;
        }
        try
        {
            return GrubEnv.Parse(bytes);
        }
        catch (FormatException e)
        {
            throw new RosException($"{Path.Join(Root, BootPartition.EnvPath)} is damaged: {e.Message}");
        }
    }

    /// <summary>Writes GRUB's environment (exactly one 1024-byte block, atomically).</summary>
    public void WriteEnv(GrubEnv env) => disks.WriteFileAtomic(Path.Join(Root, BootPartition.EnvPath), env.ToBlock());

    /// <summary>The manifest of a slot; null when the slot is empty or incomplete.</summary>
    public OsManifest? SlotManifest(Slot slot)
    {
        var bytes = disks.ReadFile(Path.Join(Root, BootPartition.SlotDirectory(slot), "manifest"));
        if (bytes is null)
        {
            return null;
        }
        try
        {
            return OsManifest.Parse(Encoding.UTF8.GetString(bytes));
        }
        catch (FormatException)
        {
            return null;
        }
    }

    /// <summary>The version in a slot ("v0.2.0"); null when empty.</summary>
    public string? SlotVersion(Slot slot) => SlotManifest(slot) is { } m ? "v" + m.Version.TrimStart('v') : null;

    /// <summary>The kernel arguments the user gave to <c>ros install -a</c> (or the last <c>ros os upgrade -a</c>).</summary>
    public string ReadAppend() => disks.ReadFile(Path.Join(Root, BootPartition.AppendPath)) is { } b ? Encoding.UTF8.GetString(b).Trim() : "";

    /// <summary>Keeps the user's kernel arguments for later upgrades.</summary>
    public void WriteAppend(string append) => disks.WriteFileAtomic(Path.Join(Root, BootPartition.AppendPath), Encoding.UTF8.GetBytes(append.Trim() + "\n"));

    /// <summary>Renders grub.cfg for the slots as they are now.</summary>
    public void WriteGrubConfig(string append) => disks.WriteFileAtomic(Path.Join(Root, BootPartition.ConfigPath),
        Encoding.UTF8.GetBytes(GrubConfig.Render(InstallArgs.Compose(append), SlotVersion(Slot.A), SlotVersion(Slot.B))));

    /// <summary>
    /// Writes a payload into <paramref name="slot"/>: the old manifest goes first (an interrupted write leaves
    /// an empty slot, never a mixed one), then kernel and initrd, then the manifest; each file atomically, and
    /// each read back and checked against the manifest.
    /// </summary>
    public void WriteSlot(Slot slot, OsPayload payload, Action<string> progress)
    {
        var dir = Path.Join(Root, BootPartition.SlotDirectory(slot));
        disks.DeleteFile(Path.Join(dir, "manifest"));
        disks.Sync();
        foreach (var file in BootPartition.SlotFiles)
        {
            if (file != "manifest")
            {
                progress($"writing {file} into slot {Slots.Name(slot)}");
            }
            disks.CopyFileAtomic(payload.PathOf(file), Path.Join(dir, file));
        }
        var written = new OsPayload(dir, payload.Manifest, $"slot {Slots.Name(slot)} on {BootPartition.Label}");
        written.Verify(disks, ["vmlinuz", "initrd"]);
        progress($"slot {Slots.Name(slot)} holds v{payload.Manifest.Version.TrimStart('v')} (checked)");
    }
}
