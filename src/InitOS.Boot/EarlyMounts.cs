using InitOS.Boot.Logging;
using InitOS.Core.Boot;
using InitOS.Core.Ports;

namespace InitOS.Boot;

/// <summary>Performs a mount table through <see cref="ISyscalls"/> and judges each result.</summary>
public static class EarlyMounts
{
    private const UnixFileMode DirMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
        | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;

    /// <summary>
    /// Mounts every entry not already mounted (per <paramref name="mounts"/>, read fresh after /proc
    /// is up). Returns Ok, or Degraded when a best-effort entry failed; throws when a required one did.
    /// </summary>
    public static StepResult Apply(IReadOnlyList<MountEntry> table, ISyscalls syscalls, Func<string> mounts, BootLogger log)
    {
        var result = StepResult.Ok;
        foreach (var entry in table)
        {
            if (MountTable.IsMounted(mounts(), entry.Target))
            {
                log.Write(SyslogLevel.Debug, $"'{entry.Target}' is already mounted, skipping");
                continue;
            }
            _ = syscalls.MakeDirectory(entry.Target, DirMode);
            var r = syscalls.Mount(entry.Source, entry.Target, entry.FsType, entry.Flags, entry.Data);
            switch (MountTable.Judge(entry, r))
            {
                case StepResult.Ok:
                    log.Write(SyslogLevel.Debug, entry.ToString());
                    break;
                case StepResult.Degraded:
                    log.Warn($"Failed to mount '{entry.Source}' on '{entry.Target}': {r.ErrnoName}, continuing");
                    result = StepResult.Degraded;
                    break;
                default:
                    throw new InvalidOperationException($"Failed to mount '{entry.Source}' on '{entry.Target}' ({entry.FsType}): {r.ErrnoName}");
            }
        }
        return result;
    }

    /// <summary>Creates the early symlinks that do not exist yet; a failure degrades the step.</summary>
    public static StepResult Links(ISyscalls syscalls, BootLogger log)
    {
        var result = StepResult.Ok;
        foreach (var (link, target) in MountTable.EarlyLinks)
        {
            var r = syscalls.Symlink(target, link);
            if (!r.IsOk && r.Errno != SysResult.EEXIST)
            {
                log.Warn($"Failed to link '{link}' to '{target}': {r.ErrnoName}, continuing");
                result = StepResult.Degraded;
            }
        }
        return result;
    }
}
