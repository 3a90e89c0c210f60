using System.Text;

namespace InitOS.Core.Config;

/// <summary>
/// Dotted key paths as <c>ros config get/set</c> take them (<c>rancher.network.dns.nameservers</c>).
/// A component that itself contains dots is written with a backslash before each dot
/// (<c>rancher.sysctl.vm\.swappiness</c>) or in double quotes (<c>rancher.sysctl."vm.swappiness"</c>).
/// Under <c>rancher.sysctl</c>, whose keys are sysctl names, the rest of the path is one key, so
/// <c>rancher.sysctl.vm.swappiness</c> also works.
/// </summary>
public static class ConfigKey
{
    /// <summary>Maps whose keys are dotted names by convention: the rest of a path below them is one key.</summary>
    private static readonly string[][] DottedKeyMaps = [["rancher", "sysctl"]];

    /// <summary>Splits a dotted key into its components.</summary>
    /// <exception cref="ArgumentException">An unterminated quote.</exception>
    public static IReadOnlyList<string> Parse(string key)
    {
        var parts = new List<string>();
        var current = new StringBuilder();
        var quotedParts = new HashSet<int>();
        for (var i = 0; i < key.Length; i++)
        {
            var c = key[i];
            if (c == '\\' && i + 1 < key.Length && (key[i + 1] == '.' || key[i + 1] == '\\' || key[i + 1] == '"'))
            {
                current.Append(key[++i]);
                quotedParts.Add(parts.Count);
            }
            else if (c == '"' && current.Length == 0)
            {
                var end = key.IndexOf('"', i + 1);
                if (end < 0)
                {
                    throw new ArgumentException($"unterminated quote in key '{key}'");
                }
                current.Append(key, i + 1, end - i - 1);
                quotedParts.Add(parts.Count);
                i = end;
            }
            else if (c == '.')
            {
                parts.Add(current.ToString());
                current.Clear();
            }
            else
            {
                current.Append(c);
            }
        }
        parts.Add(current.ToString());
        return JoinUnderDottedMaps(parts, quotedParts);
    }

    private static List<string> JoinUnderDottedMaps(List<string> parts, HashSet<int> quotedParts)
    {
        foreach (var prefix in DottedKeyMaps)
        {
            if (parts.Count > prefix.Length + 1 && parts.Take(prefix.Length).SequenceEqual(prefix)
                && !quotedParts.Any(q => q >= prefix.Length))
            {
                var rest = string.Join('.', parts.Skip(prefix.Length));
                return [.. prefix, rest];
            }
        }
        return parts;
    }

    /// <summary>Escapes one component for use in a dotted key.</summary>
    public static string Escape(string component) =>
        component.Replace("\\", "\\\\", StringComparison.Ordinal).Replace(".", "\\.", StringComparison.Ordinal);

    /// <summary>Joins components into a dotted key, escaping dots inside them.</summary>
    public static string Join(IEnumerable<string> components) => string.Join('.', components.Select(Escape));
}
