namespace InitOS.Core.Config;

/// <summary>A parsed YAML document: its map and the 1-based line/column of every key path.</summary>
public sealed record YamlDocumentTree(
    Dictionary<string, object?> Tree,
    IReadOnlyDictionary<string, (long Line, long Column)> Positions,
    bool IsEmpty);
