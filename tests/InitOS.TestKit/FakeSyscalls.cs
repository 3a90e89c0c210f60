using InitOS.Core.Boot;
using InitOS.Core.Ports;

namespace InitOS.TestKit;

/// <summary>
/// <see cref="ISyscalls"/> that changes nothing: records each call as one line (a mount as its
/// <see cref="MountEntry"/> text, a bind with <c>from 'source'</c>) and answers ok unless told otherwise.
/// </summary>
public sealed class FakeSyscalls : ISyscalls
{
    private readonly object _lock = new();

    /// <summary>The calls, in order: <c>mount proc on '/proc' nosuid,nodev,noexec</c>, <c>umount '/x' detach</c>,
    /// <c>symlink '/l' -&gt; '/t'</c>, <c>sync</c>, <c>reboot Reboot</c>, <c>disable-cad</c>, <c>kill -1 15</c>, …</summary>
    public List<string> Calls { get; } = [];

    /// <summary>The answer of a mount, by target (default ok).</summary>
    public Dictionary<string, SysResult> MountResults { get; } = new(StringComparer.Ordinal);

    /// <summary>The answer of reboot(2) (default ok).</summary>
    public SysResult RebootResult { get; set; } = SysResult.Ok;

    /// <summary>The answer of kill(2) (default ok).</summary>
    public SysResult KillResult { get; set; } = SysResult.Ok;

    /// <summary>The hostname last set.</summary>
    public string? Hostname { get; private set; }

    /// <inheritdoc/>
    public SysResult Mount(string source, string target, string fsType, MountFlags flags, string? data)
    {
        var entry = new MountEntry(source, target, fsType, flags, data, StepKind.Required).ToString();
        Record(flags.HasFlag(MountFlags.Bind) ? $"{entry} from '{source}'" : entry);
        lock (_lock)
        {
            return MountResults.TryGetValue(target, out var r) ? r : SysResult.Ok;
        }
    }

    /// <inheritdoc/>
    public SysResult Unmount(string target, bool detach)
    {
        Record($"umount '{target}'{(detach ? " detach" : "")}");
        return SysResult.Ok;
    }

    /// <inheritdoc/>
    public SysResult MakeDirectory(string path, UnixFileMode mode) => SysResult.Ok;

    /// <inheritdoc/>
    public SysResult Symlink(string target, string linkPath)
    {
        Record($"symlink '{linkPath}' -> '{target}'");
        return SysResult.Ok;
    }

    /// <inheritdoc/>
    public void Sync() => Record("sync");

    /// <inheritdoc/>
    public SysResult Reboot(PowerAction action)
    {
        Record($"reboot {action}");
        return RebootResult;
    }

    /// <inheritdoc/>
    public SysResult DisableCtrlAltDel()
    {
        Record("disable-cad");
        return SysResult.Ok;
    }

    /// <inheritdoc/>
    public SysResult SetChildSubreaper() => SysResult.Ok;

    /// <inheritdoc/>
    public SysResult Kill(int pid, int signal)
    {
        Record($"kill {pid} {signal}");
        return OnKill?.Invoke(pid, signal) ?? KillResult;
    }

    /// <summary>When set, answers <see cref="Kill"/> (pid, signal) instead of <see cref="KillResult"/>.</summary>
    public Func<int, int, SysResult>? OnKill { get; set; }

    /// <inheritdoc/>
    public SysResult SetHostname(string name)
    {
        Hostname = name;
        return SysResult.Ok;
    }

    private void Record(string call)
    {
        lock (_lock)
        {
            Calls.Add(call);
        }
    }
}
