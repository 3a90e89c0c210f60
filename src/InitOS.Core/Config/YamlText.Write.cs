using System.Text;

namespace InitOS.Core.Config;

public static partial class YamlText
{
    /// <summary>YAML 1.1 sexagesimal numbers ("22:22"): quoted on output so 1.1 readers keep them strings.</summary>
    [System.Text.RegularExpressions.GeneratedRegex(@"^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$")]
    private static partial System.Text.RegularExpressions.Regex Base60();

    /// <summary>
    /// Writes a tree as block YAML in the style of Go's yaml.v2 (which RancherOS files use): map keys
    /// sorted (<see cref="YamlKeyOrder"/>), lists at the indentation of their key, strings quoted only when they would otherwise read
    /// back as something else, multi-line strings as literal blocks. Ends with a newline.
    /// </summary>
    public static string Write(object? node)
    {
        var sb = new StringBuilder();
        switch (node)
        {
            case Dictionary<string, object?> { Count: > 0 } map:
                WriteMap(sb, map, 0);
                break;
            case List<object?> { Count: > 0 } list:
                WriteList(sb, list, 0);
                break;
            default:
                sb.Append(FormatInline(node, 0)).Append('\n');
                break;
        }
        return sb.ToString();
    }

    private static void WriteMap(StringBuilder sb, Dictionary<string, object?> map, int indent)
    {
        var first = true;
        foreach (var key in map.Keys.Order(YamlKeyOrder.Instance))
        {
            if (!first)
            {
                sb.Append(' ', indent);
            }
            first = false;
            sb.Append(FormatString(key, indent)).Append(':');
            WriteValueAfterKey(sb, map[key], indent, inList: false);
        }
    }

    private static void WriteList(StringBuilder sb, List<object?> list, int indent)
    {
        var first = true;
        foreach (var item in list)
        {
            if (!first)
            {
                sb.Append(' ', indent);
            }
            first = false;
            sb.Append('-');
            WriteValueAfterKey(sb, item, indent, inList: true);
        }
    }

    /// <summary>Writes what follows "key:" or "-" on the same line, and the nested block below it.</summary>
    private static void WriteValueAfterKey(StringBuilder sb, object? value, int indent, bool inList)
    {
        switch (value)
        {
            case Dictionary<string, object?> { Count: > 0 } map when inList:
                sb.Append(' ');
                WriteMap(sb, map, indent + 2);
                break;
            case Dictionary<string, object?> { Count: > 0 } map:
                sb.Append('\n').Append(' ', indent + 2);
                WriteMap(sb, map, indent + 2);
                break;
            case List<object?> { Count: > 0 } list when inList:
                sb.Append(' ');
                WriteList(sb, list, indent + 2);
                break;
            case List<object?> { Count: > 0 } list:
                sb.Append('\n').Append(' ', indent);
                WriteList(sb, list, indent);
                break;
            default:
                sb.Append(' ').Append(FormatInline(value, indent)).Append('\n');
                break;
        }
    }

    /// <summary>Formats a scalar (or an empty collection) as it appears after a key.</summary>
    private static string FormatInline(object? value, int indent) => value switch
    {
        null => "null",
        string s => FormatString(s, indent),
        Dictionary<string, object?> => "{}",
        List<object?> => "[]",
        _ => ConfigValue.FormatScalar(value),
    };

    private static string FormatString(string s, int indent)
    {
        if (s.Contains('\n') && IsPrintable(s))
        {
            return LiteralBlock(s, indent);
        }
        if (!IsPrintable(s))
        {
            return DoubleQuoted(s);
        }
        if (Yaml11Scalar.Resolve(s) is not string || Base60().IsMatch(s))
        {
            return DoubleQuoted(s);
        }
        return PlainAllowed(s) ? s : "'" + s.Replace("'", "''", StringComparison.Ordinal) + "'";
    }

    private static string LiteralBlock(string s, int indent)
    {
        var chomp = s.EndsWith("\n\n", StringComparison.Ordinal) ? "+" : s.EndsWith('\n') ? "" : "-";
        var body = s.EndsWith('\n') ? s[..^1] : s;
        var lead = body.Length > 0 && body[0] == ' ' ? "2" : "";
        var sb = new StringBuilder("|").Append(lead).Append(chomp);
        foreach (var line in body.Split('\n'))
        {
            sb.Append('\n');
            if (line.Length > 0)
            {
                sb.Append(' ', indent + 2).Append(line);
            }
        }
        return sb.ToString();
    }

    private static bool IsPrintable(string s)
    {
        foreach (var c in s)
        {
            if (c < 0x20 && c != '\n' && c != '\t' || c == 0x7f || (c >= 0x80 && c < 0xA0) || c == '\uFEFF')
            {
                return false;
            }
        }
        return true;
    }

    private static string DoubleQuoted(string s)
    {
        var sb = new StringBuilder("\"");
        foreach (var c in s)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\t': sb.Append("\\t"); break;
                case '\r': sb.Append("\\r"); break;
                default:
                    if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xA0) || c == '\uFEFF')
                    {
                        sb.Append("\\u").Append(((int)c).ToString("X4", System.Globalization.CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        sb.Append(c);
                    }
                    break;
            }
        }
        return sb.Append('"').ToString();
    }

    /// <summary>libyaml's test for a plain scalar in block context.</summary>
    private static bool PlainAllowed(string s)
    {
        if (s.Length == 0 || s[0] == ' ' || s[^1] == ' ' || s[0] == '\t' || s[^1] == '\t')
        {
            return false;
        }
        if (s.StartsWith("---", StringComparison.Ordinal) || s.StartsWith("...", StringComparison.Ordinal))
        {
            return false;
        }
        var first = s[0];
        if ("#,[]{}&*!|>'\"%@`".Contains(first))
        {
            return false;
        }
        if ((first == '-' || first == '?' || first == ':') && (s.Length == 1 || s[1] == ' ' || s[1] == '\t'))
        {
            return false;
        }
        for (var i = 0; i < s.Length; i++)
        {
            var c = s[i];
            if (c == ':' && (i + 1 == s.Length || s[i + 1] == ' ' || s[i + 1] == '\t'))
            {
                return false;
            }
            if (c == '#' && i > 0 && (s[i - 1] == ' ' || s[i - 1] == '\t'))
            {
                return false;
            }
            if (c == '\t')
            {
                return false;
            }
        }
        return true;
    }
}
