namespace InitOS.Core.Boot;

/// <summary>
/// The check of the state filesystem before it is mounted (<c>e2fsck -p</c>, for ext2/3/4), and what its
/// exit status means for the boot. The status is fsck's bit mask: 1 errors corrected, 2 corrected and a
/// reboot advised, 4 errors left uncorrected, 8 operational error, 16 usage error, 32 cancelled, 128 shared
/// library error; the program runner adds 124 (killed at the deadline) and 127 (not found).
/// <list type="bullet">
/// <item>0, 1: mounted (1 is reported).</item>
/// <item>2: mounted. The reboot fsck advises is for a filesystem that was mounted while it was repaired;
/// the state partition was not, so nothing stale is cached and the mount reads the repaired filesystem.</item>
/// <item>4 and above, or killed at the deadline: <b>not mounted, and never formatted</b>. A read-only mount
/// would not give a working system (the system engine keeps its data root there and could not start) and
/// writing to a damaged filesystem can spread the damage. The boot goes on from memory (or stops in the
/// recovery console when <c>rancher.state.required</c>), the message says to run <c>e2fsck</c> by hand, and the
/// device is left exactly as fsck left it.</item>
/// <item>127 (no e2fsck in the initrd): mounted unchecked, with a warning.</item>
/// </list>
/// </summary>
public static class StateFsck
{
    /// <summary>How long the check may run before it is killed.</summary>
    public static TimeSpan Timeout { get; } = TimeSpan.FromMinutes(10);

    /// <summary>The check command for a filesystem of <paramref name="fsType"/> on <paramref name="device"/>; null when there is none to run.</summary>
    public static IReadOnlyList<string>? Command(string device, string fsType) =>
        fsType is "ext2" or "ext3" or "ext4" ? ["e2fsck", "-p", device] : null;

    /// <summary>What to do after the check of <paramref name="device"/> ended with <paramref name="exitCode"/>.</summary>
    public static FsckVerdict Decide(string device, int exitCode, string output)
    {
        var detail = LastLines(output);
        return exitCode switch
        {
            0 => new(true, SyslogLevel.Info, $"Checked the state filesystem on '{device}': clean"),
            1 => new(true, SyslogLevel.Notice, $"Checked the state filesystem on '{device}': errors corrected{detail}"),
            2 or 3 => new(true, SyslogLevel.Warning, $"Checked the state filesystem on '{device}': errors corrected, mounting it (it was not mounted, so no reboot is needed){detail}"),
            127 => new(true, SyslogLevel.Warning, $"Cannot check the state filesystem on '{device}': no e2fsck{detail}, mounting it unchecked"),
            124 => new(false, SyslogLevel.Critical, $"Check of the state filesystem on '{device}' did not finish within {Timeout.TotalMinutes:0} minutes; not mounting it, it is left untouched (run 'e2fsck {device}' by hand)"),
            _ => new(false, SyslogLevel.Critical, $"Check of the state filesystem on '{device}' left errors (e2fsck status {exitCode}{Meaning(exitCode)}){detail}; not mounting it, it is left untouched (run 'e2fsck {device}' by hand)"),
        };
    }

    private static string Meaning(int code)
    {
        var parts = new List<string>();
        if ((code & 4) != 0)
        {
            parts.Add("errors left uncorrected");
        }
        if ((code & 8) != 0)
        {
            parts.Add("operational error");
        }
        if ((code & 16) != 0)
        {
            parts.Add("usage error");
        }
        if ((code & 32) != 0)
        {
            parts.Add("cancelled");
        }
        if ((code & 128) != 0)
        {
            parts.Add("shared library error");
        }
        return parts.Count == 0 ? "" : ": " + string.Join(", ", parts);
    }

    private static string LastLines(string output)
    {
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return lines.Length == 0 ? "" : ": " + string.Join(" / ", lines.TakeLast(2));
    }
}
