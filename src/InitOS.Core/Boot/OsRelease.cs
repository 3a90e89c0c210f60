namespace InitOS.Core.Boot;

/// <summary>Reads fields of an os-release file (<c>KEY=value</c>, value optionally quoted).</summary>
public static class OsRelease
{
    /// <summary>The value of <paramref name="key"/> in <paramref name="text"/>, or null.</summary>
    public static string? Field(string? text, string key)
    {
        if (text == null)
        {
            return null;
        }
        foreach (var line in text.Split('\n'))
        {
            if (line.StartsWith(key + "=", StringComparison.Ordinal))
            {
                var value = line[(key.Length + 1)..].Trim();
                return value.Length >= 2 && (value[0] == '"' || value[0] == '\'') && value[^1] == value[0] ? value[1..^1] : value;
            }
        }
        return null;
    }
}
