namespace InitOS.Core.Config;

/// <summary>A layer that was applied: where it came from and its tree.</summary>
public sealed record ConfigLayer(string Source, Dictionary<string, object?> Tree)
{
    /// <summary>The 1-based line and column of each key path in the file (empty for the command line).</summary>
    public IReadOnlyDictionary<string, (long Line, long Column)> Positions { get; init; } =
        new Dictionary<string, (long Line, long Column)>(StringComparer.Ordinal);
}
