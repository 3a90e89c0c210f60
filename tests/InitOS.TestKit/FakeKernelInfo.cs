using InitOS.Core.Ports;

namespace InitOS.TestKit;

/// <summary><see cref="IKernelInfo"/> with canned answers, each settable.</summary>
public sealed class FakeKernelInfo : IKernelInfo
{
    /// <summary>/proc/cmdline.</summary>
    public string Cmdline { get; set; } = "";

    /// <summary>/proc/self/mounts.</summary>
    public string Mounts { get; set; } = "";

    /// <summary>/proc/modules.</summary>
    public string Modules { get; set; } = "";

    /// <summary>Milliseconds since boot.</summary>
    public long Uptime { get; set; }

    /// <summary>The filesystem type of <c>/</c>.</summary>
    public string RootFs { get; set; } = "ext4";

    /// <summary>VmRSS in KiB.</summary>
    public long RssKiB { get; set; }

    /// <summary>The /proc/&lt;pid&gt;/stat texts, asked for each time (so a test can let processes exit).</summary>
    public Func<IReadOnlyList<string>> ProcessStats { get; set; } = () => [];

    /// <inheritdoc/>
    public IReadOnlyList<string> ReadProcessStats() => ProcessStats();

    /// <inheritdoc/>
    public string ReadCmdline() => Cmdline;

    /// <inheritdoc/>
    public string ReadMounts() => Mounts;

    /// <inheritdoc/>
    public string ReadModules() => Modules;

    /// <inheritdoc/>
    public long UptimeMs() => Uptime;

    /// <inheritdoc/>
    public string RootFsType() => RootFs;

    /// <inheritdoc/>
    public long SelfRssKiB() => RssKiB;
}
