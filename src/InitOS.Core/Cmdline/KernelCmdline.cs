using System.Text;
using InitOS.Core.Config;

namespace InitOS.Core.Cmdline;

/// <summary>
/// The kernel command line as a config overlay (RancherOS's algorithm, exactly):
/// <list type="bullet">
/// <item>the line is trimmed and <c>\"</c>, <c>\'</c> are unescaped;</item>
/// <item>it splits on white space, except inside a run opened by any Unicode quotation mark (closed by the
/// same character) or by <c>[</c> (closed by <c>]</c>); the quote characters stay in the token and an
/// unterminated run takes the rest of the line;</item>
/// <item>tokens starting <c>cc.</c> lose that prefix, tokens starting <c>rancher.</c> are kept, others are
/// ignored (unless every token is wanted);</item>
/// <item>the key is split on <c>.</c> at the first <c>=</c>; no <c>=</c> means <c>true</c>; values are
/// typed by <see cref="ConfigValueText"/>; later tokens win; a token whose path runs through a non-map
/// value is dropped.</item>
/// </list>
/// </summary>
public static class KernelCmdline
{
    /// <summary>The <c>rancher.*</c> and <c>cc.*</c> arguments as a config tree.</summary>
    public static Dictionary<string, object?> Parse(string cmdline) => Parse(cmdline, all: false);

    /// <summary>Every argument as a config tree (for <c>console=</c>, <c>root=</c> and friends).</summary>
    public static Dictionary<string, object?> ParseAll(string cmdline) => Parse(cmdline, all: true);

    /// <summary>Splits the line into tokens (quotes and brackets kept).</summary>
    public static IReadOnlyList<string> Split(string cmdline)
    {
        var tokens = new List<string>();
        var current = new StringBuilder();
        int closing = -1;
        var text = cmdline;
        for (var i = 0; i < text.Length;)
        {
            var rune = Rune.GetRuneAt(text, i);
            i += rune.Utf16SequenceLength;
            bool separator;
            if (closing >= 0 && rune.Value == closing)
            {
                closing = -1;
                separator = false;
            }
            else if (closing >= 0)
            {
                separator = false;
            }
            else if (IsQuotationMark(rune.Value))
            {
                closing = rune.Value;
                separator = false;
            }
            else if (rune.Value == '[')
            {
                closing = ']';
                separator = false;
            }
            else
            {
                separator = Rune.IsWhiteSpace(rune);
            }
            if (separator)
            {
                if (current.Length > 0)
                {
                    tokens.Add(current.ToString());
                    current.Clear();
                }
            }
            else
            {
                current.Append(rune.ToString());
            }
        }
        if (current.Length > 0)
        {
            tokens.Add(current.ToString());
        }
        return tokens;
    }

    /// <summary>The <c>rancher.*</c> and <c>cc.*</c> arguments one by one, in order, each with its key and
    /// typed value (the overlay is these applied in order with <see cref="ApplyTo"/>).</summary>
    public static IReadOnlyList<KernelArgument> Arguments(string cmdline) => Arguments(cmdline, all: false);

    private static List<KernelArgument> Arguments(string cmdline, bool all)
    {
        var text = cmdline.Trim().Replace("\\\"", "\"", StringComparison.Ordinal).Replace("\\'", "'", StringComparison.Ordinal);
        var result = new List<KernelArgument>();
        foreach (var token in Split(text))
        {
            var part = token;
            if (part.StartsWith("cc.", StringComparison.Ordinal))
            {
                part = part[3..];
            }
            else if (!part.StartsWith("rancher.", StringComparison.Ordinal) && !all)
            {
                continue;
            }
            var eq = part.IndexOf('=');
            var key = eq < 0 ? part : part[..eq];
            var value = eq < 0 ? "true" : part[(eq + 1)..];
            result.Add(new KernelArgument(token, key.Split('.'), ConfigValueText.Parse(value)));
        }
        return result;
    }

    private static Dictionary<string, object?> Parse(string cmdline, bool all)
    {
        var result = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var argument in Arguments(cmdline, all))
        {
            _ = ApplyTo(result, argument);
        }
        return result;
    }

    /// <summary>Sets one argument's value in an overlay; false (and nothing changed) when its path runs
    /// through a value that is not a map.</summary>
    public static bool ApplyTo(Dictionary<string, object?> overlay, KernelArgument argument)
    {
        var keys = argument.Keys;
        var current = overlay;
        for (var i = 0; i < keys.Count - 1; i++)
        {
            if (current.TryGetValue(keys[i], out var existing))
            {
                if (existing is not Dictionary<string, object?> next)
                {
                    return false;
                }
                current = next;
            }
            else
            {
                var next = new Dictionary<string, object?>(StringComparer.Ordinal);
                current[keys[i]] = next;
                current = next;
            }
        }
        current[keys[^1]] = argument.Value;
        return true;
    }

    /// <summary>Unicode's Quotation_Mark property (as Go's <c>unicode.Quotation_Mark</c>).</summary>
    public static bool IsQuotationMark(int c) => c switch
    {
        0x22 or 0x27 or 0xAB or 0xBB => true,
        >= 0x2018 and <= 0x201F => true,
        0x2039 or 0x203A or 0x2E42 => true,
        >= 0x300C and <= 0x300F => true,
        >= 0x301D and <= 0x301F => true,
        >= 0xFE41 and <= 0xFE44 => true,
        0xFF02 or 0xFF07 or 0xFF62 or 0xFF63 => true,
        _ => false,
    };
}
