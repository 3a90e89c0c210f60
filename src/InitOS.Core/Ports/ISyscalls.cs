using InitOS.Core.Boot;

namespace InitOS.Core.Ports;

/// <summary>
/// The kernel calls PID 1 makes. Every method is one call (or one small fixed sequence such as
/// <c>mkdir -p</c>) and returns a <see cref="SysResult"/>; the caller decides what a failure means.
/// </summary>
public interface ISyscalls
{
    /// <summary>mount(2).</summary>
    SysResult Mount(string source, string target, string fsType, MountFlags flags, string? data);

    /// <summary>umount2(2); <paramref name="detach"/> adds MNT_DETACH.</summary>
    SysResult Unmount(string target, bool detach);

    /// <summary>Creates a directory and its missing parents with <paramref name="mode"/>.</summary>
    SysResult MakeDirectory(string path, UnixFileMode mode);

    /// <summary>symlink(2): creates <paramref name="linkPath"/> pointing at <paramref name="target"/>.</summary>
    SysResult Symlink(string target, string linkPath);

    /// <summary>sync(2).</summary>
    void Sync();

    /// <summary>reboot(2) with the command for <paramref name="action"/>; returns only on failure.</summary>
    SysResult Reboot(PowerAction action);

    /// <summary>reboot(2) RB_DISABLE_CAD: ctrl-alt-del arrives as SIGINT to PID 1.</summary>
    SysResult DisableCtrlAltDel();

    /// <summary>prctl(PR_SET_CHILD_SUBREAPER, 1), for container mode.</summary>
    SysResult SetChildSubreaper();

    /// <summary>kill(2).</summary>
    SysResult Kill(int pid, int signal);

    /// <summary>sethostname(2).</summary>
    SysResult SetHostname(string name);
}
