namespace InitOS.Core.Ports;

/// <summary>Raw text from procfs and facts about the running kernel; parsing happens in Core.</summary>
public interface IKernelInfo
{
    /// <summary>/proc/cmdline.</summary>
    string ReadCmdline();

    /// <summary>/proc/self/mounts.</summary>
    string ReadMounts();

    /// <summary>/proc/modules.</summary>
    string ReadModules();

    /// <summary>Milliseconds since the kernel started (CLOCK_BOOTTIME).</summary>
    long UptimeMs();

    /// <summary>Filesystem type of <c>/</c> as statfs reports it (<c>tmpfs</c>, <c>ramfs</c>, <c>ext4</c>, …).</summary>
    string RootFsType();

    /// <summary>Resident set size of this process, in KiB (VmRSS).</summary>
    long SelfRssKiB();

    /// <summary>The text of every <c>/proc/&lt;pid&gt;/stat</c> (a process that exits while it is read is left out).</summary>
    IReadOnlyList<string> ReadProcessStats();
}
