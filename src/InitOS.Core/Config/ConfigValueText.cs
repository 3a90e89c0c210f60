namespace InitOS.Core.Config;

/// <summary>
/// Types a value given as text on the kernel command line or to <c>ros config set</c>, the way RancherOS
/// does: the text is read as a YAML document with <c>:</c>, <c>?</c> and newlines hidden first (so URLs and
/// <c>a:b</c> stay strings), then restored inside string values. Text that is not YAML, or is empty or only a
/// comment, stays the raw string. Deliberate fix: a flow map such as <c>{a: b, c: 1}</c> is a map (RancherOS
/// turned it into a key containing its private marker).
/// </summary>
public static class ConfigValueText
{
    private const string Colon = "\uE000";
    private const string Question = "\uE001";
    private const string Newline = "\uE002";

    /// <summary>Types <paramref name="text"/>.</summary>
    public static object? Parse(string text)
    {
        var trimmed = text.Trim();
        if (trimmed.StartsWith('{') && trimmed.EndsWith('}') && TryParseFlowMap(trimmed, out var map))
        {
            return map;
        }
        var hidden = text.Replace("\n", Newline, StringComparison.Ordinal)
            .Replace(":", Colon, StringComparison.Ordinal)
            .Replace("?", Question, StringComparison.Ordinal);
        object? value;
        try
        {
            var (node, parsed) = YamlText.ParseValue(hidden, "value");
            if (node is null)
            {
                return text;
            }
            value = parsed;
        }
        catch (ConfigSyntaxException)
        {
            return text;
        }
        return Restore(value);
    }

    private static bool TryParseFlowMap(string text, out Dictionary<string, object?> map)
    {
        map = null!;
        try
        {
            var (_, value) = YamlText.ParseValue(text, "value");
            if (value is Dictionary<string, object?> m)
            {
                map = m;
                return true;
            }
        }
        catch (ConfigSyntaxException)
        {
        }
        return false;
    }

    private static object? Restore(object? value) => value switch
    {
        string s => s.Replace(Newline, "\n", StringComparison.Ordinal).Replace(Colon, ":", StringComparison.Ordinal)
            .Replace(Question, "?", StringComparison.Ordinal),
        List<object?> list => list.Select(Restore).ToList(),
        // Map keys keep the marker text, as in RancherOS (only string values are restored).
        Dictionary<string, object?> map => map.ToDictionary(kv => kv.Key, kv => Restore(kv.Value), StringComparer.Ordinal),
        _ => value,
    };
}
