using System.Globalization;

namespace InitOS.Core.Config;

/// <summary>
/// Integer settings read where they are used, clamped to a sane range: a huge, negative or zero value never
/// throws (a <see cref="TimeSpan"/> or timer overflow) and is never dropped in silence; the clamp is reported.
/// </summary>
public static class ConfigNumber
{
    /// <summary>Reads <paramref name="value"/> as an integer within <c>[min, max]</c>.</summary>
    /// <returns>Null when unset (or not an integer, with <paramref name="problem"/> saying so); otherwise the value,
    /// clamped, with <paramref name="problem"/> set when it had to be clamped.</returns>
    public static long? Clamp(object? value, string key, long min, long max, string unit, out string? problem)
    {
        problem = null;
        long number;
        switch (value)
        {
            case null:
                return null;
            case long l:
                number = l;
                break;
            case ulong:
                number = long.MaxValue;
                break;
            case double d when !double.IsNaN(d) && Math.Floor(d) == d:
                number = d >= long.MaxValue ? long.MaxValue : d <= long.MinValue ? long.MinValue : (long)d;
                break;
            default:
                problem = $"{key}: '{ConfigValue.FormatScalar(value)}' is not an integer; ignored";
                return null;
        }
        var clamped = Math.Clamp(number, min, max);
        if (clamped != number)
        {
            var text = value is double dv ? dv.ToString("R", CultureInfo.InvariantCulture) : ConfigValue.FormatScalar(value);
            problem = string.Create(CultureInfo.InvariantCulture,
                $"{key}: {text} is outside {min}..{max}{unit}; using {clamped}");
        }
        return clamped;
    }
}
