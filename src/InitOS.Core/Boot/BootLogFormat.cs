namespace InitOS.Core.Boot;

/// <summary>How a <see cref="BootRecord"/> is written to each sink.</summary>
public static class BootLogFormat
{
    /// <summary>The identifier PID 1 logs under.</summary>
    public const string Ident = "initos";

    /// <summary>A /dev/kmsg record: <c>&lt;prio&gt;initos[1]: text</c>.</summary>
    public static string Kmsg(BootRecord record, int pid = 1) =>
        $"<{(int)record.Level}>{Ident}[{pid}]: {Sanitize(record.Text)}";

    /// <summary>
    /// The console line for a record, or null when the console does not show it. Progress lines are
    /// shown systemd-style (<c>[  OK  ] Mounted early filesystems</c>); plain messages from
    /// <paramref name="threshold"/> up are shown as they are.
    /// </summary>
    public static string? Console(BootRecord record, SyslogLevel threshold = SyslogLevel.Notice)
    {
        if (record.Progress is { } result)
        {
            var tag = result switch
            {
                StepResult.Ok => "[  OK  ]",
                StepResult.Degraded => "[ WARN ]",
                _ => "[FAILED]",
            };
            return $"{tag} {Sanitize(record.Text)}";
        }
        return record.Level <= threshold ? Sanitize(record.Text) : null;
    }

    /// <summary>The ring-buffer and `ros` form: <c>[   12.345] text</c>.</summary>
    public static string Ring(BootRecord record) =>
        $"[{record.UptimeMs / 1000,5}.{record.UptimeMs % 1000:D3}] {Sanitize(record.Text)}";

    private static string Sanitize(string text) =>
        text.Contains('\n') || text.Contains('\r') ? text.Replace('\n', ' ').Replace('\r', ' ') : text;
}
