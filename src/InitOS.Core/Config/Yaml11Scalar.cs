using System.Globalization;
using System.Text.RegularExpressions;

namespace InitOS.Core.Config;

/// <summary>
/// Resolves an untagged plain YAML scalar the way YAML 1.1 (Go's yaml.v2, which RancherOS used) does:
/// <c>yes/no/on/off/y/n</c> are booleans, a leading <c>0</c> means octal, <c>0x</c>/<c>0o</c>/<c>0b</c>
/// prefixes, underscores in numbers, <c>.inf</c>/<c>.nan</c>, and dates are timestamps.
/// </summary>
public static partial class Yaml11Scalar
{
    private static readonly HashSet<string> Trues = ["y", "Y", "yes", "Yes", "YES", "on", "On", "ON", "true", "True", "TRUE"];
    private static readonly HashSet<string> Falses = ["n", "N", "no", "No", "NO", "off", "Off", "OFF", "false", "False", "FALSE"];
    private static readonly HashSet<string> Nulls = ["", "~", "null", "Null", "NULL"];

    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")]
    private static partial Regex FloatPattern();

    [GeneratedRegex(@"^(\d{4})-(\d{1,2})-(\d{1,2})(?:(?:[Tt]|[ \t]+)(\d{1,2}):(\d{1,2}):(\d{1,2})(?:\.(\d{1,9}))?[ \t]*(Z|[-+]\d{1,2}(?::?\d{2})?)?)?$")]
    private static partial Regex TimestampPattern();

    /// <summary>Returns the typed value: <c>null</c>, <see cref="bool"/>, <see cref="long"/>,
    /// <see cref="ulong"/> (beyond the long range), <see cref="double"/>, <see cref="DateTime"/> or the text.</summary>
    public static object? Resolve(string text)
    {
        if (Nulls.Contains(text))
        {
            return null;
        }
        if (Trues.Contains(text))
        {
            return true;
        }
        if (Falses.Contains(text))
        {
            return false;
        }
        var c = text[0];
        if (char.IsAsciiDigit(c) || c == '-' || c == '+' || c == '.')
        {
            return ResolveNumberOrDate(text);
        }
        return text;
    }

    private static object? ResolveNumberOrDate(string text)
    {
        switch (text)
        {
            case ".inf" or ".Inf" or ".INF" or "+.inf" or "+.Inf" or "+.INF":
                return double.PositiveInfinity;
            case "-.inf" or "-.Inf" or "-.INF":
                return double.NegativeInfinity;
            case ".nan" or ".NaN" or ".NAN":
                return double.NaN;
        }
        var timestamp = TryTimestamp(text);
        if (timestamp != null)
        {
            return timestamp;
        }
        var plain = text.Replace("_", "", StringComparison.Ordinal);
        if (TryParseGoInt(plain, out var value, out var unsigned))
        {
            return unsigned ?? (object)value;
        }
        if (FloatPattern().IsMatch(plain) &&
            double.TryParse(plain, NumberStyles.Float, CultureInfo.InvariantCulture, out var d))
        {
            return d;
        }
        return text;
    }

    /// <summary>Go's <c>strconv.ParseInt(s, 0, 64)</c>, falling back to ParseUint for values beyond long.</summary>
    private static bool TryParseGoInt(string s, out long value, out ulong? unsigned)
    {
        value = 0;
        unsigned = null;
        var negative = false;
        var body = s;
        if (body.StartsWith('+') || body.StartsWith('-'))
        {
            negative = body[0] == '-';
            body = body[1..];
        }
        if (body.Length == 0)
        {
            return false;
        }
        int radix = 10;
        if (body.Length > 1 && body[0] == '0')
        {
            switch (body[1])
            {
                case 'x' or 'X': radix = 16; body = body[2..]; break;
                case 'o' or 'O': radix = 8; body = body[2..]; break;
                case 'b' or 'B': radix = 2; body = body[2..]; break;
                default: radix = 8; body = body[1..]; break;
            }
            if (body.Length == 0)
            {
                return false;
            }
        }
        System.Numerics.BigInteger acc = 0;
        foreach (var ch in body)
        {
            int digit = ch switch
            {
                >= '0' and <= '9' => ch - '0',
                >= 'a' and <= 'f' => ch - 'a' + 10,
                >= 'A' and <= 'F' => ch - 'A' + 10,
                _ => 99,
            };
            if (digit >= radix)
            {
                return false;
            }
            acc = acc * radix + digit;
        }
        if (negative)
        {
            acc = -acc;
        }
        if (acc >= long.MinValue && acc <= long.MaxValue)
        {
            value = (long)acc;
            return true;
        }
        if (!negative && acc <= ulong.MaxValue)
        {
            unsigned = (ulong)acc;
            return true;
        }
        return false;
    }

    private static DateTime? TryTimestamp(string text)
    {
        var m = TimestampPattern().Match(text);
        if (!m.Success)
        {
            return null;
        }
        try
        {
            int year = int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
            int month = int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture);
            int day = int.Parse(m.Groups[3].Value, CultureInfo.InvariantCulture);
            if (!m.Groups[4].Success)
            {
                return new DateTime(year, month, day, 0, 0, 0, DateTimeKind.Utc);
            }
            var local = new DateTime(year, month, day,
                int.Parse(m.Groups[4].Value, CultureInfo.InvariantCulture),
                int.Parse(m.Groups[5].Value, CultureInfo.InvariantCulture),
                int.Parse(m.Groups[6].Value, CultureInfo.InvariantCulture), DateTimeKind.Utc);
            if (m.Groups[7].Success)
            {
                var frac = m.Groups[7].Value.PadRight(7, '0')[..7];
                local = local.AddTicks(long.Parse(frac, CultureInfo.InvariantCulture));
            }
            if (m.Groups[8].Success && m.Groups[8].Value != "Z")
            {
                var zone = m.Groups[8].Value.Replace(":", "", StringComparison.Ordinal);
                int sign = zone[0] == '-' ? -1 : 1;
                var digits = zone[1..];
                int hours = int.Parse(digits.Length > 2 ? digits[..^2] : digits, CultureInfo.InvariantCulture);
                int minutes = digits.Length > 2 ? int.Parse(digits[^2..], CultureInfo.InvariantCulture) : 0;
                local = local.AddMinutes(-sign * (hours * 60 + minutes));
            }
            return local;
        }
        catch (ArgumentOutOfRangeException)
        {
            return null;
        }
    }
}
