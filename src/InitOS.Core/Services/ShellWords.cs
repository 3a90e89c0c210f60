using System.Text;

namespace InitOS.Core.Services;

/// <summary>Splits a command string into words the way a POSIX shell tokenises (quotes and backslashes), without expansion.</summary>
public static class ShellWords
{
    /// <summary>The words of <paramref name="text"/>; throws <see cref="FormatException"/> on an unterminated quote.</summary>
    public static List<string> Split(string text)
    {
        var words = new List<string>();
        var current = new StringBuilder();
        var inWord = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c))
            {
                if (inWord)
                {
                    words.Add(current.ToString());
                    current.Clear();
                    inWord = false;
                }
                continue;
            }
            inWord = true;
            if (c == '\\' && i + 1 < text.Length)
            {
                current.Append(text[++i]);
            }
            else if (c == '\'' || c == '"')
            {
                var end = text.IndexOf(c, i + 1);
                if (end < 0)
                {
                    throw new FormatException($"unterminated {c} quote in '{text}'");
                }
                var inner = text[(i + 1)..end];
                current.Append(c == '"' ? inner.Replace("\\\"", "\"").Replace("\\\\", "\\") : inner);
                i = end;
            }
            else
            {
                current.Append(c);
            }
        }
        if (inWord)
        {
            words.Add(current.ToString());
        }
        return words;
    }
}
