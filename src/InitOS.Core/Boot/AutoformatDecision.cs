namespace InitOS.Core.Boot;

/// <summary>Whether an autoformat candidate may be formatted, and the message that says why not.</summary>
/// <param name="Device">The device path.</param>
/// <param name="Format">True when the device is blank and may be formatted.</param>
/// <param name="Message">The log line for the decision.</param>
public sealed record AutoformatDecision(string Device, bool Format, string Message)
{
    /// <summary>
    /// Decides from what the probe found at the start of the device: only a blank device (no partition
    /// table, no filesystem or other signature) is formatted; otherwise the refusal names what was found.
    /// </summary>
    public static AutoformatDecision Decide(string device, IReadOnlyList<DiskSignature> found)
    {
        if (found.Count == 0)
        {
            return new(device, true, $"Formatting blank device '{device}' as the state partition");
        }
        var what = string.Join(" and ", found.Select(s => s.Describe()));
        return new(device, false, $"Refusing to autoformat '{device}': it has {what}, not blank, leaving it untouched");
    }
}
