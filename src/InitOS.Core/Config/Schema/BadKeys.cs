namespace InitOS.Core.Config.Schema;

/// <summary>
/// Degrading by the key: the values of a layer that do not pass <see cref="SchemaChecker.CheckLayer"/> are
/// removed from it, and the rest of the layer still applies. What is removed is the nearest map key at or
/// above each bad value (<see cref="SchemaIssue.Target"/>): <c>rancher.debug: maybe</c> drops
/// <c>rancher.debug</c>; a list of strings with a map among its items drops the whole list (a list is one
/// value); a bad field of a <c>write_files</c> entry drops that field of that entry.
/// </summary>
public static class BadKeys
{
    /// <summary>Removes every bad key from <paramref name="tree"/> (in place) and returns what was removed,
    /// one entry per key, in the order the check found them. Empty when the tree fits the schema.</summary>
    public static IReadOnlyList<BadKey> Remove(Dictionary<string, object?> tree)
    {
        var issues = SchemaChecker.CheckLayer(tree);
        if (issues.Count == 0)
        {
            return [];
        }
        var removed = new List<BadKey>();
        foreach (var group in issues.GroupBy(i => ConfigKey.Join(i.Target), StringComparer.Ordinal))
        {
            var first = group.First();
            RemoveAt(tree, first.Target);
            removed.Add(new BadKey(group.Key, first, group.Count()));
        }
        return removed;
    }

    private static void RemoveAt(Dictionary<string, object?> tree, IReadOnlyList<string> target)
    {
        object? current = tree;
        for (var i = 0; i < target.Count - 1; i++)
        {
            current = current switch
            {
                Dictionary<string, object?> map => map.GetValueOrDefault(target[i]),
                List<object?> list when int.TryParse(target[i], out var n) && n >= 0 && n < list.Count => list[n],
                _ => null,
            };
        }
        if (target.Count > 0 && current is Dictionary<string, object?> parent)
        {
            _ = parent.Remove(target[^1]);
        }
    }
}
