using System.Globalization;

namespace InitOS.Core.Config;

/// <summary>Helpers over the values of the config tree: kind names, Go-compatible scalar text, deep copies.</summary>
public static class ConfigValue
{
    /// <summary>A short human name of a value's kind, as used in error messages.</summary>
    public static string KindName(object? value) => value switch
    {
        null => "null",
        string => "string",
        bool => "boolean",
        long or ulong => "integer",
        double => "number",
        DateTime => "timestamp",
        List<object?> => "array",
        Dictionary<string, object?> => "object",
        _ => value.GetType().Name,
    };

    /// <summary>Scalar text as Go prints it (<c>fmt.Println</c>/yaml.v2): floats in shortest
    /// <c>%g</c> form, timestamps in RFC 3339, booleans lower-case.</summary>
    public static string FormatScalar(object? value) => value switch
    {
        null => "null",
        string s => s,
        bool b => b ? "true" : "false",
        long l => l.ToString(CultureInfo.InvariantCulture),
        ulong u => u.ToString(CultureInfo.InvariantCulture),
        double d => FormatFloat(d),
        DateTime t => t.ToUniversalTime().ToString(t.Ticks % TimeSpan.TicksPerSecond == 0
            ? "yyyy-MM-dd'T'HH:mm:ss'Z'" : "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    /// <summary>Go's <c>strconv.FormatFloat(f, 'g', -1, 64)</c> with YAML's spellings of infinity and NaN.</summary>
    public static string FormatFloat(double d)
    {
        if (double.IsNaN(d))
        {
            return ".nan";
        }
        if (double.IsInfinity(d))
        {
            return d > 0 ? ".inf" : "-.inf";
        }
        if (d == 0)
        {
            return double.IsNegative(d) ? "-0" : "0";
        }
        // Shortest round-trip digits and the decimal exponent.
        var r = Math.Abs(d).ToString("R", CultureInfo.InvariantCulture);
        int exp10 = 0;
        var ePos = r.IndexOfAny(['E', 'e']);
        if (ePos >= 0)
        {
            exp10 = int.Parse(r[(ePos + 1)..], CultureInfo.InvariantCulture);
            r = r[..ePos];
        }
        var dot = r.IndexOf('.');
        var intPart = dot >= 0 ? r[..dot] : r;
        var fracPart = dot >= 0 ? r[(dot + 1)..] : "";
        var digits = (intPart + fracPart).TrimStart('0');
        var leadingZeros = (intPart + fracPart).Length - digits.Length;
        int dp = intPart.Length + exp10 - leadingZeros; // position of the decimal point in digits
        digits = digits.TrimEnd('0');
        if (digits.Length == 0)
        {
            digits = "0";
        }
        var sign = d < 0 ? "-" : "";
        // Go: %e when the exponent is < -4 or >= the precision, which is 6 for the shortest form.
        int x = dp - 1;
        if (x < -4 || x >= 6)
        {
            return sign + Exponent(digits, x);
        }
        if (dp <= 0)
        {
            return sign + "0." + new string('0', -dp) + digits;
        }
        if (dp >= digits.Length)
        {
            return sign + digits + new string('0', dp - digits.Length);
        }
        return sign + digits[..dp] + "." + digits[dp..];
    }

    private static string Exponent(string digits, int x)
    {
        var mantissa = digits.Length > 1 ? digits[0] + "." + digits[1..] : digits;
        var e = Math.Abs(x).ToString("00", CultureInfo.InvariantCulture);
        return mantissa + "e" + (x < 0 ? "-" : "+") + e;
    }

    /// <summary>A deep copy of a tree value (maps and lists copied, scalars shared).</summary>
    public static object? DeepCopy(object? value) => value switch
    {
        Dictionary<string, object?> map => CopyMap(map),
        List<object?> list => list.Select(DeepCopy).ToList(),
        _ => value,
    };

    /// <summary>A deep copy of a map.</summary>
    public static Dictionary<string, object?> CopyMap(Dictionary<string, object?> map)
    {
        var copy = new Dictionary<string, object?>(map.Count, StringComparer.Ordinal);
        foreach (var (k, v) in map)
        {
            copy[k] = DeepCopy(v);
        }
        return copy;
    }
}
