namespace InitOS.Core.Config.Schema;

/// <summary>A key removed from a layer because its value does not fit the schema.</summary>
/// <param name="Key">The removed key as a dotted path (list indices in decimal); also the key of the
/// layer's position table.</param>
/// <param name="First">The first problem found at or below the key.</param>
/// <param name="Count">How many problems were found at or below the key.</param>
public sealed record BadKey(string Key, SchemaIssue First, int Count)
{
    /// <summary>"rancher.debug: expected a boolean …, found string "x"; key skipped" (or "…; 'rancher.x'
    /// skipped" when the bad value is an item below the key), with the count of further problems under it.</summary>
    public string Describe()
    {
        var more = Count > 1 ? $" (and {Count - 1} more)" : "";
        var what = First.Path == Key ? "key skipped" : $"'{Key}' skipped";
        return $"{First.Path}: {First.Message}{more}; {what}";
    }
}
