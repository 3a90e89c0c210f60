using InitOS.Core.Boot;
using InitOS.Core.Ports;

namespace InitOS.Platform.Linux;

/// <summary><see cref="ISyscalls"/> over libc; each method is one call.</summary>
public sealed class LinuxSyscalls : ISyscalls
{
    /// <inheritdoc/>
    public SysResult Mount(string source, string target, string fsType, MountFlags flags, string? data) =>
        ErrnoNames.From(Native.Mount(source, target, fsType.Length == 0 ? null : fsType, (ulong)flags, data));

    /// <inheritdoc/>
    public SysResult Unmount(string target, bool detach) =>
        ErrnoNames.From(Native.Umount2(target, detach ? Native.MNT_DETACH : 0));

    /// <inheritdoc/>
    public SysResult MakeDirectory(string path, UnixFileMode mode)
    {
        try
        {
            Directory.CreateDirectory(path, mode);
            return SysResult.Ok;
        }
        catch (UnauthorizedAccessException)
        {
            return new SysResult(13, "EACCES");
        }
        catch (IOException e)
        {
            var errno = e.HResult & 0xFFFF;
            return new SysResult(errno == 0 ? 5 : errno, errno == 0 ? "EIO" : ErrnoNames.Name(errno));
        }
    }

    /// <inheritdoc/>
    public SysResult Symlink(string target, string linkPath) => ErrnoNames.From(Native.Symlink(target, linkPath));

    /// <inheritdoc/>
    public void Sync() => Native.Sync();

    /// <inheritdoc/>
    public SysResult Reboot(PowerAction action) => ErrnoNames.From(Native.Reboot(action switch
    {
        PowerAction.Reboot => Native.RB_AUTOBOOT,
        PowerAction.Halt => Native.RB_HALT_SYSTEM,
        _ => Native.RB_POWER_OFF,
    }));

    /// <inheritdoc/>
    public SysResult DisableCtrlAltDel() => ErrnoNames.From(Native.Reboot(Native.RB_DISABLE_CAD));

    /// <inheritdoc/>
    public SysResult SetChildSubreaper() => ErrnoNames.From(Native.Prctl(Native.PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0));

    /// <inheritdoc/>
    public SysResult Kill(int pid, int signal) => ErrnoNames.From(Native.Kill(pid, signal));

    /// <inheritdoc/>
    public unsafe SysResult SetHostname(string name)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(name);
        fixed (byte* p = bytes)
        {
            return ErrnoNames.From(Native.SetHostname(p, (nuint)bytes.Length));
        }
    }
}
