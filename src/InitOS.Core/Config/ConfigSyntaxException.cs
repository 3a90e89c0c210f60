namespace InitOS.Core.Config;

/// <summary>A configuration text could not be parsed; carries the source and the 1-based position.</summary>
public sealed class ConfigSyntaxException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ConfigSyntaxException(string source, long line, long column, string message)
        : base($"{source}:{line}:{column}: {message}")
    {
        Source = source;
        Line = line;
        Column = column;
        Reason = message;
    }

    /// <summary>The file (or other source) that failed.</summary>
    public new string Source { get; }

    /// <summary>1-based line of the error.</summary>
    public long Line { get; }

    /// <summary>1-based column of the error.</summary>
    public long Column { get; }

    /// <summary>The parser's message without the position.</summary>
    public string Reason { get; }
}
