using InitOS.Core.Boot;

namespace InitOS.Boot.Steps;

/// <summary>
/// Step <c>mount-early</c>: the kernel's filesystems of <see cref="MountTable.Early"/>, the directories and links
/// everything after assumes, empty <c>/etc/resolv.conf</c> and <c>/etc/hosts</c> for the services to bind, and
/// ctrl-alt-del as a signal. Nothing in container mode.
/// </summary>
public sealed class MountEarlyFilesystems(BootContext boot)
{
    /// <summary>Runs the step.</summary>
    public Task<StepResult> RunAsync(CancellationToken cancellationToken)
    {
        if (boot.Options.ContainerMode)
        {
            return Task.FromResult(StepResult.Ok);
        }
        var ports = boot.Ports;
        var result = EarlyMounts.Apply(MountTable.Early, ports.Syscalls, ports.Kernel.ReadMounts, boot.Log);
        foreach (var dir in new[] { "/var", "/tmp", "/var/lib", "/var/log", "/etc", "/run/user-docker" })
        {
            _ = ports.Syscalls.MakeDirectory(dir, (UnixFileMode)0x1ED);
        }
        var links = EarlyMounts.Links(ports.Syscalls, boot.Log);
        // Services bind these host files; an empty one is what RancherOS created too.
        foreach (var file in new[] { "/etc/resolv.conf", "/etc/hosts" })
        {
            if (ports.Files.ReadText(file) == null)
            {
                ports.Files.WriteAtomic(file, "", (UnixFileMode)0x1A4, (UnixFileMode)0x1ED);
            }
        }
        _ = ports.Syscalls.DisableCtrlAltDel();
        return Task.FromResult(result == StepResult.Ok ? links : result);
    }
}
