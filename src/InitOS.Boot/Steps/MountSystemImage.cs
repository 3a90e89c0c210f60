using InitOS.Core.Boot;

namespace InitOS.Boot.Steps;

/// <summary>
/// Step <c>mount-system</c>: the system squashfs of the initrd (<see cref="BootModules.SystemImage"/>) read-only on
/// <see cref="BootModules.SystemMount"/>, unmounted last at shutdown. Without one (or in container mode) the engine of
/// the root filesystem is used.
/// </summary>
public sealed class MountSystemImage(BootContext boot)
{
    /// <summary>Runs the step; throws <see cref="InvalidOperationException"/> when the image cannot be mounted.</summary>
    public async Task<StepResult> RunAsync(CancellationToken cancellationToken)
    {
        var ports = boot.Ports;
        if (boot.Options.ContainerMode || ports.Files.SizeOf(BootModules.SystemImage) is null)
        {
            boot.Log.Info($"No system image at '{BootModules.SystemImage}', using the engine on the root filesystem");
            return StepResult.Ok;
        }
        if (MountTable.IsMounted(ports.Kernel.ReadMounts(), BootModules.SystemMount))
        {
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
}
