namespace InitOS.Core.Boot;

/// <summary>One line of the boot log.</summary>
/// <param name="Level">Its syslog priority.</param>
/// <param name="Text">One line of text, no trailing newline.</param>
/// <param name="UptimeMs">Milliseconds since the kernel started when it was written.</param>
/// <param name="Progress">For progress lines (a step finished): how it ended; null for plain messages.</param>
public sealed record BootRecord(SyslogLevel Level, string Text, long UptimeMs, StepResult? Progress = null);
