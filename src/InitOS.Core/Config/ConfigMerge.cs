namespace InitOS.Core.Config;

/// <summary>The merge of two config layers.</summary>
public static class ConfigMerge
{
    /// <summary>
    /// Merges <paramref name="right"/> over <paramref name="left"/> and returns a new tree; neither input
    /// is changed. Rules (RancherOS's, exactly):
    /// <list type="number">
    /// <item>start from a deep copy of <paramref name="left"/>;</item>
    /// <item>for each key of <paramref name="right"/>: when both values are maps, merge them recursively;</item>
    /// <item>otherwise the right value (deep-copied) replaces the left one: lists are replaced, never
    /// concatenated; a map can be replaced by a scalar or null and a scalar by a map;</item>
    /// <item>an explicit null in <paramref name="right"/> overwrites.</item>
    /// </list>
    /// </summary>
    public static Dictionary<string, object?> Merge(Dictionary<string, object?> left, Dictionary<string, object?> right)
    {
        var result = ConfigValue.CopyMap(left);
        MergeInto(result, right);
        return result;
    }

    /// <summary>Merges <paramref name="right"/> into <paramref name="target"/> in place (same rules).</summary>
    public static void MergeInto(Dictionary<string, object?> target, Dictionary<string, object?> right)
    {
        foreach (var (key, value) in right)
        {
            if (value is Dictionary<string, object?> rightMap && target.TryGetValue(key, out var existing)
                && existing is Dictionary<string, object?> leftMap)
            {
                MergeInto(leftMap, rightMap);
            }
            else
            {
                target[key] = ConfigValue.DeepCopy(value);
            }
        }
    }
}
