using System.Globalization;

namespace InitOS.Core.Boot;

/// <summary>
/// The machine-readable timing line every boot step writes once, from which a boot timeline is
/// rebuilt out of a serial log: <c>initos-boot step=&lt;name&gt; start_ms=&lt;n&gt; dur_ms=&lt;n&gt; result=ok|degraded|failed</c>.
/// </summary>
public static class StepLine
{
    /// <summary>The prefix every timing line starts with.</summary>
    public const string Prefix = "initos-boot";

    /// <summary>Formats the line for a step.</summary>
    public static string Format(string step, long startMs, long durationMs, StepResult result) =>
        string.Create(CultureInfo.InvariantCulture,
            $"{Prefix} step={step} start_ms={startMs} dur_ms={durationMs} result={Name(result)}");

    /// <summary>
    /// A service brought up during the boot, timed from when its dependencies were ready:
    /// <c>initos-boot service=&lt;name&gt; start_ms=&lt;n&gt; dur_ms=&lt;n&gt; result=ok|degraded|failed</c>.
    /// </summary>
    public static string Service(string service, long startMs, long durationMs, StepResult result) =>
        string.Create(CultureInfo.InvariantCulture,
            $"{Prefix} service={service} start_ms={startMs} dur_ms={durationMs} result={Name(result)}");

    /// <summary>
    /// Parses any timing line (a step, a service or a mark) into a <see cref="Control.BootMark"/>; null when
    /// <paramref name="line"/> is not one.
    /// </summary>
    public static Control.BootMark? ParseAny(string line)
    {
        var at = line.IndexOf(Prefix + " ", StringComparison.Ordinal);
        if (at < 0)
        {
            return null;
        }
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var token in line[(at + Prefix.Length + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = token.IndexOf('=');
            if (eq > 0)
            {
                fields[token[..eq]] = token[(eq + 1)..];
            }
        }
        static long? Number(Dictionary<string, string> f, string key) =>
            f.TryGetValue(key, out var v) && long.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;
        if (fields.TryGetValue("mark", out var mark) && Number(fields, "at_ms") is { } atMs)
        {
            return new Control.BootMark(mark, "mark", atMs, 0, "");
        }
        var kind = fields.ContainsKey("step") ? "step" : fields.ContainsKey("service") ? "service" : null;
        if (kind is null || Number(fields, "start_ms") is not { } start || Number(fields, "dur_ms") is not { } duration
            || !fields.TryGetValue("result", out var result) || result is not ("ok" or "degraded" or "failed"))
        {
            return null;
        }
        return new Control.BootMark(fields[kind], kind, start, duration, result);
    }

    /// <summary>A milestone (an event, not a step): <c>initos-boot mark=&lt;name&gt; at_ms=&lt;n&gt;</c>.</summary>
    public static string Mark(string name, long atMs) =>
        string.Create(CultureInfo.InvariantCulture, $"{Prefix} mark={name} at_ms={atMs}");

    /// <summary>The lower-case word for a result.</summary>
    public static string Name(StepResult result) => result switch
    {
        StepResult.Ok => "ok",
        StepResult.Degraded => "degraded",
        _ => "failed",
    };

    /// <summary>Parses a step's timing line back; null when <paramref name="line"/> is not one (text before the prefix is ignored).</summary>
    public static (string Step, long StartMs, long DurationMs, StepResult Result)? Parse(string line) =>
        ParseAny(line) is { Kind: "step" } mark
            ? (mark.Name, mark.StartMs, mark.DurationMs, mark.Result switch { "ok" => StepResult.Ok, "degraded" => StepResult.Degraded, _ => StepResult.Failed })
            : null;
}
