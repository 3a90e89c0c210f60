using InitOS.Boot.State;
using InitOS.Core.Boot;
using InitOS.Core.Ports;

namespace InitOS.Boot.Steps;

/// <summary>
/// Step <c>mount-system</c>: the system squashfs read-only on <see cref="BootModules.SystemMount"/>, unmounted last at
/// shutdown. It is the initrd's <see cref="BootModules.SystemImage"/>, or, when the initrd carries a
/// <see cref="SystemImageLocation"/> instead (the ISO's live initrd, issue 10), the squashfs inside the full initrd on
/// the boot medium, read from there rather than held in RAM. Without either (or in container mode) the engine of the
/// root filesystem is used.
/// </summary>
/// <param name="boot">The ports, log, options and shutdown.</param>
/// <param name="resolver">Finds the medium by its label (a bounded wait: a CD-ROM or stick is probed asynchronously).</param>
public sealed class MountSystemImage(BootContext boot, StatePartition resolver)
{
    /// <summary>How long the boot medium may take to appear.</summary>
    public static readonly TimeSpan MediumWait = TimeSpan.FromSeconds(30);

    /// <summary>Runs the step; throws <see cref="InvalidOperationException"/> when the image cannot be mounted.</summary>
    public async Task<StepResult> RunAsync(CancellationToken cancellationToken)
    {
        var ports = boot.Ports;
        if (boot.Options.ContainerMode)
        {
            boot.Log.Info("Container mode: using the engine on the root filesystem");
            return StepResult.Ok;
        }
        if (MountTable.IsMounted(ports.Kernel.ReadMounts(), BootModules.SystemMount))
        {
            return StepResult.Ok;
        }
        // the initrd's own squashfs first; the medium's location only when the initrd carries none
        if (ports.Files.SizeOf(BootModules.SystemImage) is null)
        {
            var location = ports.Files.ReadText(SystemImageLocation.Path);
            if (location is null)
            {
                boot.Log.Info($"No system image at '{BootModules.SystemImage}', using the engine on the root filesystem");
                return StepResult.Ok;
            }
            await MountFromMediumAsync(location, cancellationToken).ConfigureAwait(false);
            return StepResult.Ok;
        }
        _ = ports.Syscalls.MakeDirectory(BootModules.SystemMount, (UnixFileMode)0x1ED);
        var (code, output) = await ports.Programs.RunAsync("mount", ["-t", "squashfs", "-o", "loop,ro", BootModules.SystemImage, BootModules.SystemMount], TimeSpan.FromSeconds(60), cancellationToken).ConfigureAwait(false);
        if (code != 0)
        {
            throw new InvalidOperationException($"Failed to mount '{BootModules.SystemImage}' on '{BootModules.SystemMount}': {output.Trim()}");
        }
        boot.Shutdown.Unmounts.Insert(0, BootModules.SystemMount);
        return StepResult.Ok;
    }

    /// <summary>
    /// Mounts the medium the location names read-only on <see cref="SystemImageLocation.MediumMount"/> (kept for as long as
    /// the system runs) and the squashfs inside its full initrd, at the recorded offset; refuses an initrd of another
    /// size or a squashfs of another id (another version's medium).
    /// </summary>
    private async Task MountFromMediumAsync(string text, CancellationToken cancellationToken)
    {
        var ports = boot.Ports;
        var (location, error) = SystemImageLocation.Parse(text);
        if (location is null)
        {
            throw new InvalidOperationException($"'{SystemImageLocation.Path}': {error}");
        }
        var device = await resolver.ResolveAsync(new DeviceSpec("label", location.Label), MediumWait, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"no medium labelled '{location.Label}' within {MediumWait.TotalSeconds:0} s: this boot reads the system image from the medium it booted from");
        var medium = SystemImageLocation.MediumMount;
        _ = ports.Syscalls.MakeDirectory("/run/initos", (UnixFileMode)0x1ED);
        _ = ports.Syscalls.MakeDirectory(medium, (UnixFileMode)0x1ED);
        // the ISO, or the same written to a stick; a payload copied to a stick labelled like it may be FAT or ext4
        var mounted = SysResult.Ok;
        foreach (var type in new[] { "iso9660", "vfat", "ext4" })
        {
            mounted = ports.Syscalls.Mount(device, medium, type, MountFlags.ReadOnly, null);
            if (mounted.IsOk)
            {
                break;
            }
        }
        if (!mounted.IsOk)
        {
            throw new InvalidOperationException($"cannot mount the medium {device} ('{location.Label}') on {medium}: {mounted}");
        }
        var file = medium + location.File;
        var size = ports.Files.SizeOf(file);
        if (size != location.FileSize)
        {
            _ = ports.Syscalls.Unmount(medium, detach: true);
            throw new InvalidOperationException($"'{location.File}' on {device} is {(size is { } s ? $"{s} bytes, not the {location.FileSize}" : "missing, not the initrd")} this boot came from");
        }
        _ = ports.Syscalls.MakeDirectory(BootModules.SystemMount, (UnixFileMode)0x1ED);
        var (code, output) = await ports.Programs.RunAsync("mount", ["-t", "squashfs", "-o", $"loop,ro,offset={location.Offset}", file, BootModules.SystemMount], TimeSpan.FromSeconds(60), cancellationToken).ConfigureAwait(false);
        if (code != 0)
        {
            _ = ports.Syscalls.Unmount(medium, detach: true);
            throw new InvalidOperationException($"Failed to mount the system image in '{file}' at offset {location.Offset}: {output.Trim()}");
        }
        var id = ports.Files.ReadText(BootModules.SystemMount + "/" + SystemImageLocation.IdFile)?.Trim();
        if (id != location.Id)
        {
            _ = ports.Syscalls.Unmount(BootModules.SystemMount, detach: true);
            _ = ports.Syscalls.Unmount(medium, detach: true);
            throw new InvalidOperationException($"the system image on {device} is {(id is null ? "unidentified" : $"'{id}'")}, not '{location.Id}', the one this initrd was built with");
        }
        // unmounted from the list's end: the squashfs, then the medium under it
        boot.Shutdown.Unmounts.Insert(0, BootModules.SystemMount);
        boot.Shutdown.Unmounts.Insert(0, medium);
        boot.Log.Info($"Mounted the system image from {device} ('{location.Label}'{location.File} at offset {location.Offset}): read from the medium, not held in memory");
    }
}
