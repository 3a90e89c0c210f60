namespace InitOS.Core.Boot;

/// <summary>How a device is named in the config: <c>LABEL=RANCHER_STATE</c>, <c>UUID=…</c> or a path.</summary>
/// <param name="By"><c>label</c>, <c>uuid</c> or <c>path</c>.</param>
/// <param name="Value">The label, UUID or device path.</param>
public sealed record DeviceSpec(string By, string Value)
{
    /// <summary>Parses a spec; null for empty or <c>none</c> (run from memory).</summary>
    public static DeviceSpec? Parse(string? text)
    {
        var t = text?.Trim();
        if (string.IsNullOrEmpty(t) || t.Equals("none", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }
        if (t.StartsWith("LABEL=", StringComparison.Ordinal))
        {
            return new("label", t[6..]);
        }
        if (t.StartsWith("UUID=", StringComparison.Ordinal))
        {
            return new("uuid", t[5..]);
        }
        return new("path", t);
    }

    /// <inheritdoc/>
    public override string ToString() => By switch
    {
        "label" => "LABEL=" + Value,
        "uuid" => "UUID=" + Value,
        _ => Value,
    };
}
