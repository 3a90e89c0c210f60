namespace InitOS.Core.Boot;

/// <summary>mount(2) flags, with the values of &lt;sys/mount.h&gt; on Linux.</summary>
[Flags]
public enum MountFlags : ulong
{
    /// <summary>No flags.</summary>
    None = 0,
    /// <summary>MS_RDONLY.</summary>
    ReadOnly = 1,
    /// <summary>MS_NOSUID.</summary>
    NoSuid = 2,
    /// <summary>MS_NODEV.</summary>
    NoDev = 4,
    /// <summary>MS_NOEXEC.</summary>
    NoExec = 8,
    /// <summary>MS_REMOUNT.</summary>
    Remount = 32,
    /// <summary>MS_BIND.</summary>
    Bind = 4096,
    /// <summary>MS_MOVE.</summary>
    Move = 8192,
    /// <summary>MS_REC.</summary>
    Recursive = 16384,
    /// <summary>MS_PRIVATE.</summary>
    Private = 1 << 18,
    /// <summary>MS_SHARED.</summary>
    Shared = 1 << 20,
    /// <summary>MS_RELATIME.</summary>
    RelAtime = 1 << 21,
}
