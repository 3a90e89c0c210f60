using System.Text;
using System.Text.RegularExpressions;

namespace InitOS.Core.Boot;

/// <summary>
/// Keeps secrets out of logs. A value is secret when its key (the last dotted segment, or any segment of
/// the path) names a password, a token, a secret, key material or user-data: <c>rancher.password</c>,
/// <c>chpasswd</c>, <c>users[0].passwd</c>, <c>*_token</c>, <c>rancher.ssh.keys</c>, <c>tls_key</c>,
/// <c>private_key</c>, <c>user-data</c>. A value that looks like key material (a PEM block, an SSH private
/// key) or a crypt hash (<c>$6$…</c>) is secret whatever its key. The key stays visible, so the log still
/// says what was set; only the value becomes <see cref="Mask"/>.
/// </summary>
public static partial class Redact
{
    /// <summary>What a secret value is replaced with.</summary>
    public const string Mask = "<redacted>";

    private static readonly string[] SecretWords = ["password", "passwd", "passphrase", "token", "secret", "credential", "private", "userdata", "user_data", "user-data"];

    /// <summary>True when a value stored under <paramref name="key"/> (a dotted config path or a flag name) must not be logged.</summary>
    public static bool IsSecretKey(string key)
    {
        foreach (var raw in key.TrimStart('-').Split('.'))
        {
            var segment = raw.ToLowerInvariant();
            var bracket = segment.IndexOf('[', StringComparison.Ordinal);
            if (bracket >= 0)
            {
                segment = segment[..bracket];
            }
            if (SecretWords.Any(w => segment.Contains(w, StringComparison.Ordinal)))
            {
                return true;
            }
            // key material: `key`, `keys`, `*_key`, `*-key`, `*_keys` (ssh keys, tls keys), not `keymap` or `monkey`
            if (segment is "key" or "keys" || segment.EndsWith("_key", StringComparison.Ordinal) || segment.EndsWith("-key", StringComparison.Ordinal)
                || segment.EndsWith("_keys", StringComparison.Ordinal) || segment.EndsWith("-keys", StringComparison.Ordinal) || segment is "tlskey" or "auth" or "auths")
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>True when <paramref name="value"/> is key material or a password hash, whatever its key.</summary>
    public static bool LooksSecret(string value) =>
        value.Contains("PRIVATE KEY", StringComparison.Ordinal) || CryptHash().IsMatch(value);

    /// <summary><paramref name="value"/>, or <see cref="Mask"/> when <paramref name="key"/> or the value itself is secret.</summary>
    public static string Value(string key, string? value) =>
        value is null ? "" : IsSecretKey(key) || LooksSecret(value) ? Mask : value;

    /// <summary>
    /// The kernel command line with the value of every secret <c>key=value</c> argument masked
    /// (double-quoted values with spaces are one argument, as the kernel reads them). Arguments without
    /// <c>=</c> and the order and spacing of the rest are kept.
    /// </summary>
    public static string Cmdline(string cmdline)
    {
        var output = new StringBuilder(cmdline.Length);
        var i = 0;
        while (i < cmdline.Length)
        {
            if (char.IsWhiteSpace(cmdline[i]))
            {
                output.Append(cmdline[i++]);
                continue;
            }
            var start = i;
            var quoted = false;
            while (i < cmdline.Length && (quoted || !char.IsWhiteSpace(cmdline[i])))
            {
                if (cmdline[i] == '"')
                {
                    quoted = !quoted;
                }
                i++;
            }
            output.Append(Argument(cmdline[start..i]));
        }
        return output.ToString();
    }

    /// <summary>
    /// Free text (a diagnostic, an argument list) with secret values masked: <c>key=value</c>,
    /// <c>key: value</c> and <c>--flag value</c> where the key is secret, and any PEM block or crypt hash.
    /// </summary>
    public static string Text(string text)
    {
        var masked = KeyValue().Replace(text, m => IsSecretKey(m.Groups["key"].Value) ? m.Groups["lead"].Value + Mask : m.Value);
        masked = Pem().Replace(masked, Mask);
        return CryptHash().Replace(masked, Mask);
    }

    /// <summary>An argument vector for a log line: the value after a secret <c>--flag</c>, or of a secret <c>--flag=value</c>, masked.</summary>
    public static IReadOnlyList<string> Arguments(IReadOnlyList<string> arguments)
    {
        var result = new List<string>(arguments.Count);
        for (var i = 0; i < arguments.Count; i++)
        {
            var a = arguments[i];
            if (a.StartsWith('-') && a.IndexOf('=', StringComparison.Ordinal) is var eq and > 0)
            {
                result.Add(IsSecretKey(a[..eq]) || LooksSecret(a[(eq + 1)..]) ? a[..(eq + 1)] + Mask : a);
            }
            else if (i > 0 && arguments[i - 1].StartsWith('-') && !arguments[i - 1].Contains('=', StringComparison.Ordinal) && IsSecretKey(arguments[i - 1]))
            {
                result.Add(Mask);
            }
            else
            {
                result.Add(LooksSecret(a) ? Mask : a);
            }
        }
        return result;
    }

    private static string Argument(string argument)
    {
        var eq = argument.IndexOf('=', StringComparison.Ordinal);
        if (eq <= 0)
        {
            return argument;
        }
        var key = argument[..eq].Trim('"');
        var value = argument[(eq + 1)..];
        return IsSecretKey(key) || LooksSecret(value.Trim('"')) ? argument[..(eq + 1)] + Mask : argument;
    }

    [GeneratedRegex(@"(?<lead>(?<key>[A-Za-z0-9_.\-\[\]]+)(=|:\s*))(?<value>'[^']*'|""[^""]*""|[^\s,;]+)")]
    private static partial Regex KeyValue();

    [GeneratedRegex(@"-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?(-----END [A-Z ]*PRIVATE KEY-----|$)")]
    private static partial Regex Pem();

    [GeneratedRegex(@"\$(1|2[abxy]|5|6|y)\$[^\s'"",;]{8,}")]
    private static partial Regex CryptHash();
}
