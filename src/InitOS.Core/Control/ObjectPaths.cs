using System.Globalization;
using System.Text;

namespace InitOS.Core.Control;

/// <summary>Object path helpers: systemd's label escaping and the job paths.</summary>
public static class ObjectPaths
{
    /// <summary>
    /// Escapes a name into one object path element as systemd's <c>bus_label_escape</c> does: ASCII letters and
    /// digits stay (a digit only after the first position), every other byte of the UTF-8 becomes <c>_xx</c> (two
    /// lower-case hex digits), and the empty name is <c>_</c>. <c>nginx.service</c> → <c>nginx_2eservice</c>.
    /// </summary>
    public static string Escape(string name)
    {
        if (name.Length == 0)
        {
            return "_";
        }
        var sb = new StringBuilder(name.Length * 2);
        byte[] bytes = Encoding.UTF8.GetBytes(name);
        for (int i = 0; i < bytes.Length; i++)
        {
            byte b = bytes[i];
            bool keep = char.IsAsciiLetter((char)b) || (i > 0 && char.IsAsciiDigit((char)b));
            if (keep)
            {
                sb.Append((char)b);
            }
            else
            {
                sb.Append('_').Append(b.ToString("x2", CultureInfo.InvariantCulture));
            }
        }
        return sb.ToString();
    }

    /// <summary>The inverse of <see cref="Escape"/>; null when <paramref name="element"/> is not a valid escape.</summary>
    public static string? Unescape(string element)
    {
        if (element == "_")
        {
            return "";
        }
        var bytes = new List<byte>(element.Length);
        for (int i = 0; i < element.Length; i++)
        {
            char c = element[i];
            if (c == '_')
            {
                if (i + 2 >= element.Length
                    || !byte.TryParse(element.AsSpan(i + 1, 2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out byte b))
                {
                    return null;
                }
                bytes.Add(b);
                i += 2;
            }
            else if (char.IsAsciiLetterOrDigit(c))
            {
                bytes.Add((byte)c);
            }
            else
            {
                return null;
            }
        }
        try
        {
            return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes.ToArray());
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
    }

    /// <summary>The object path of job <paramref name="id"/>: <c>/org/initos/Init1/job/&lt;id&gt;</c>.</summary>
    public static string Job(uint id) => ControlNames.JobPathPrefix + id.ToString(CultureInfo.InvariantCulture);

    /// <summary>The job id in a job object path, or null when <paramref name="path"/> is not one.</summary>
    public static uint? JobId(string path) => IdUnder(ControlNames.JobPathPrefix, path);

    /// <summary>The object path of transaction <paramref name="id"/>: <c>/org/initos/Init1/transaction/&lt;id&gt;</c>.</summary>
    public static string Transaction(uint id) => ControlNames.TransactionPathPrefix + id.ToString(CultureInfo.InvariantCulture);

    /// <summary>The transaction id in a transaction object path, or null when <paramref name="path"/> is not one.</summary>
    public static uint? TransactionId(string path) => IdUnder(ControlNames.TransactionPathPrefix, path);

    private static uint? IdUnder(string prefix, string path)
    {
        if (!path.StartsWith(prefix, StringComparison.Ordinal))
        {
            return null;
        }
        var tail = path.AsSpan(prefix.Length);
        return tail.Length > 0 && tail[0] != '0' && tail.Length <= 10 && !tail.ContainsAnyExcept("0123456789")
            && uint.TryParse(tail, NumberStyles.None, CultureInfo.InvariantCulture, out uint id)
            ? id
            : null;
    }
}
