namespace InitOS.Core.Config;

/// <summary>Something of the configuration that was skipped (a file, a key, a kernel argument), and why.</summary>
/// <param name="Source">The file (or "kernel command line") the layer came from.</param>
/// <param name="Line">1-based line of the problem (0 when the source has no lines).</param>
/// <param name="Column">1-based column of the problem (0 when unknown).</param>
/// <param name="Message">What is wrong.</param>
public sealed record ConfigDiagnostic(string Source, long Line, long Column, string Message)
{
    /// <summary>"file:line:column: message", the form compilers use.</summary>
    public override string ToString() =>
        Line > 0 ? $"{Source}:{Line}:{Column}: {Message}" : $"{Source}: {Message}";
}
