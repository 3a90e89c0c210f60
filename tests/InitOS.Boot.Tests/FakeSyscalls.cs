using InitOS.Core.Boot;
using InitOS.Core.Ports;

namespace InitOS.Boot.Tests;

/// <summary>Records every call as one line; answers with the errno configured per target (default ok).</summary>
internal sealed class FakeSyscalls : ISyscalls
{
    public List<string> Calls { get; } = [];
    public Dictionary<string, SysResult> MountResults { get; } = new(StringComparer.Ordinal);

    public SysResult Mount(string source, string target, string fsType, MountFlags flags, string? data)
    {
        var entry = new MountEntry(source, target, fsType, flags, data, StepKind.Required);
        Calls.Add(entry.ToString());
        return MountResults.TryGetValue(target, out var r) ? r : SysResult.Ok;
    }

    public SysResult Unmount(string target, bool detach)
    {
        Calls.Add($"umount '{target}'{(detach ? " detach" : "")}");
        return SysResult.Ok;
    }

    public SysResult MakeDirectory(string path, UnixFileMode mode) => SysResult.Ok;

    public SysResult Symlink(string target, string linkPath)
    {
        Calls.Add($"symlink '{linkPath}' -> '{target}'");
        return SysResult.Ok;
    }

    public void Sync() => Calls.Add("sync");

    public SysResult Reboot(PowerAction action)
    {
        Calls.Add($"reboot {action}");
        return SysResult.Ok;
    }

    public SysResult DisableCtrlAltDel()
    {
        Calls.Add("disable-cad");
        return SysResult.Ok;
    }

    public SysResult SetChildSubreaper() => SysResult.Ok;

    public SysResult Kill(int pid, int signal)
    {
        Calls.Add($"kill {pid} {signal}");
        return SysResult.Ok;
    }

    public SysResult SetHostname(string name) => SysResult.Ok;
}
