namespace InitOS.Core.Boot;

/// <summary>
/// What is left running, from the text of <c>/proc/&lt;pid&gt;/stat</c>: the shutdown waits for these to exit after
/// SIGTERM. (kill(-1, 0) cannot tell: it counts the kernel's own threads, which never exit.)
/// </summary>
public static class ProcessTable
{
    /// <summary>PF_KTHREAD in the stat's flags field: a kernel thread.</summary>
    public const uint KernelThreadFlag = 0x00200000;

    /// <summary>One process: its pid and its command name.</summary>
    public sealed record Entry(int Pid, string Name);

    /// <summary>
    /// The user-space processes still alive in <paramref name="stats"/>: not PID 1, not <paramref name="self"/>, not a
    /// kernel thread, not a zombie or dead entry (those have exited and wait only for their reaper). Unreadable
    /// lines are skipped.
    /// </summary>
    public static IReadOnlyList<Entry> Living(IEnumerable<string> stats, int self)
    {
        var living = new List<Entry>();
        foreach (var stat in stats)
        {
            // "pid (comm) state ppid pgrp session tty_nr tpgid flags ...": comm may hold spaces and parentheses
            var open = stat.IndexOf(" (", StringComparison.Ordinal);
            var close = stat.LastIndexOf(')');
            if (open <= 0 || close < open || !int.TryParse(stat.AsSpan(0, open), out var pid))
            {
                continue;
            }
            var rest = stat[(close + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (rest.Length < 7 || !uint.TryParse(rest[6], out var flags))
            {
                continue;
            }
            if (pid == 1 || pid == self || (flags & KernelThreadFlag) != 0 || rest[0] is "Z" or "X" or "x")
            {
                continue;
            }
            living.Add(new Entry(pid, stat[(open + 2)..close]));
        }
        return living;
    }
}
