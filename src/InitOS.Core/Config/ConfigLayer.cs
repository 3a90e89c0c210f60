namespace InitOS.Core.Config;

/// <summary>A layer that was applied: where it came from and its tree.</summary>
public sealed record ConfigLayer(string Source, Dictionary<string, object?> Tree);
