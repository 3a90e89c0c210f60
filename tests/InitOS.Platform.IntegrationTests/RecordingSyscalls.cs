using InitOS.Core.Boot;
using InitOS.Core.Ports;

namespace InitOS.Platform.IntegrationTests;

/// <summary>Records mount calls instead of changing the host's mount table; everything else is real where harmless.</summary>
internal sealed class RecordingSyscalls : ISyscalls
{
    public List<string> Calls { get; } = [];

    public SysResult Mount(string source, string target, string fsType, MountFlags flags, string? data)
    {
        Calls.Add(new MountEntry(source, target, fsType, flags, data, StepKind.Required).ToString() + (flags.HasFlag(MountFlags.Bind) ? $" from '{source}'" : ""));
        return SysResult.Ok;
    }

    public SysResult Unmount(string target, bool detach) => SysResult.Ok;

    public SysResult MakeDirectory(string path, UnixFileMode mode) => SysResult.Ok;

    public SysResult Symlink(string target, string linkPath) => SysResult.Ok;

    public void Sync()
    {
    }

    public SysResult Reboot(PowerAction action) => new(1, "EPERM");

    public SysResult DisableCtrlAltDel() => SysResult.Ok;

    public SysResult SetChildSubreaper() => SysResult.Ok;

    public SysResult Kill(int pid, int signal) => new(1, "EPERM");

    public SysResult SetHostname(string name) => SysResult.Ok;
}
