using InitOS.Core.Ports;

namespace InitOS.Core.Boot;

/// <summary>
/// The early mount table as data (Talos <c>Pseudo()</c>, LinuxKit <c>doMounts</c>): the pseudo
/// filesystems PID 1 mounts before anything else, cgroup v2 only.
/// </summary>
public static class MountTable
{
    private const MountFlags Hardened = MountFlags.NoSuid | MountFlags.NoDev | MountFlags.NoExec;

    /// <summary>The early mounts, in order.</summary>
    public static IReadOnlyList<MountEntry> Early { get; } =
    [
        new("proc", "/proc", "proc", Hardened | MountFlags.RelAtime, null, StepKind.Required),
        new("sysfs", "/sys", "sysfs", Hardened | MountFlags.RelAtime, null, StepKind.Required),
        new("devtmpfs", "/dev", "devtmpfs", MountFlags.NoSuid, "mode=0755", StepKind.Required),
        new("devpts", "/dev/pts", "devpts", MountFlags.NoSuid | MountFlags.NoExec, "gid=5,mode=0620,ptmxmode=0666", StepKind.Required),
        new("shm", "/dev/shm", "tmpfs", Hardened, "mode=1777,size=65536k", StepKind.BestEffort),
        new("mqueue", "/dev/mqueue", "mqueue", Hardened, null, StepKind.BestEffort),
        new("tmpfs", "/run", "tmpfs", MountFlags.NoSuid | MountFlags.NoDev, "mode=0755", StepKind.Required),
        new("cgroup2", "/sys/fs/cgroup", "cgroup2", Hardened | MountFlags.RelAtime, "nsdelegate", StepKind.Required),
    ];

    /// <summary>Symlinks created after the early mounts: (link, target).</summary>
    public static IReadOnlyList<(string Link, string Target)> EarlyLinks { get; } =
    [
        ("/dev/fd", "/proc/self/fd"),
        ("/dev/stdin", "/proc/self/fd/0"),
        ("/dev/stdout", "/proc/self/fd/1"),
        ("/dev/stderr", "/proc/self/fd/2"),
        ("/var/run", "../run"),
        // the user engine runs with its own /run (the host's /run/user-docker); its socket is reached here
        ("/run/docker.sock", "user-docker/docker.sock"),
    ];

    /// <summary>
    /// Judges the result of one mount: success, or <c>EBUSY</c> (already mounted, e.g. devtmpfs the
    /// kernel mounted itself), is ok; a best-effort mount that fails is degraded; a required one failed.
    /// </summary>
    public static StepResult Judge(MountEntry entry, SysResult result)
    {
        if (result.IsOk || result.Errno == SysResult.EBUSY)
        {
            return StepResult.Ok;
        }
        return entry.Kind == StepKind.BestEffort ? StepResult.Degraded : StepResult.Failed;
    }

    /// <summary>
    /// True when <paramref name="target"/> is already a mount point according to the text of
    /// /proc/self/mounts (second field of each line).
    /// </summary>
    public static bool IsMounted(string procMounts, string target)
    {
        foreach (var line in procMounts.Split('\n'))
        {
            var fields = line.Split(' ');
            if (fields.Length > 2 && fields[1] == target)
            {
                return true;
            }
        }
        return false;
    }
}
