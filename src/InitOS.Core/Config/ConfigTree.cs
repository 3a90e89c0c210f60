namespace InitOS.Core.Config;

/// <summary>Walking and editing the config tree by key path.</summary>
public static class ConfigTree
{
    /// <summary>Finds the value at a path. Returns false when a component is missing or an
    /// intermediate value is not a map (lists are not indexed).</summary>
    public static bool TryGet(Dictionary<string, object?> tree, IReadOnlyList<string> path, out object? value)
    {
        object? current = tree;
        foreach (var part in path)
        {
            if (current is not Dictionary<string, object?> map || !map.TryGetValue(part, out current))
            {
                value = null;
                return false;
            }
        }
        value = current;
        return true;
    }

    /// <summary>Sets the value at a path, creating missing intermediate maps (null intermediates become maps).</summary>
    /// <returns>null on success, else the dotted prefix that holds a non-map value.</returns>
    public static string? TrySet(Dictionary<string, object?> tree, IReadOnlyList<string> path, object? value)
    {
        var current = tree;
        for (var i = 0; i < path.Count - 1; i++)
        {
            if (!current.TryGetValue(path[i], out var next) || next is null)
            {
                next = new Dictionary<string, object?>(StringComparer.Ordinal);
                current[path[i]] = next;
            }
            if (next is not Dictionary<string, object?> nextMap)
            {
                return ConfigKey.Join(path.Take(i + 1));
            }
            current = nextMap;
        }
        current[path[^1]] = value;
        return null;
    }

    /// <summary>Removes the value at a path; returns whether it was there.</summary>
    public static bool Remove(Dictionary<string, object?> tree, IReadOnlyList<string> path)
    {
        if (path.Count == 0)
        {
            return false;
        }
        if (!TryGet(tree, path.Take(path.Count - 1).ToList(), out var parent) || parent is not Dictionary<string, object?> map)
        {
            return false;
        }
        return map.Remove(path[^1]);
    }
}
