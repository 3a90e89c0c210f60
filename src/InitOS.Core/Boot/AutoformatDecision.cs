namespace InitOS.Core.Boot;

/// <summary>Whether an autoformat candidate may be formatted, and the message that says why not.</summary>
/// <param name="Device">The device path.</param>
/// <param name="Format">True when the device is provably blank and may be formatted.</param>
/// <param name="Message">The log line for the decision.</param>
public sealed record AutoformatDecision(string Device, bool Format, string Message)
{
    /// <summary>
    /// Decides from the ends of the device (<see cref="BlankCheck.Ranges"/>, read into <paramref name="reads"/>;
    /// a range that could not be read fully is missing or short): the device is formatted only when every
    /// range was read in full and every byte is zero. A refusal names a known signature when the start of
    /// the device carries one, else the offset of the first non-zero byte; a device whose size is unknown or
    /// whose ends cannot be read is refused too. Never formats on doubt.
    /// </summary>
    public static AutoformatDecision Decide(string device, long size, IReadOnlyList<(ByteRange Range, byte[] Data)> reads)
    {
        var ranges = BlankCheck.Ranges(size);
        if (ranges.Count == 0)
        {
            return Refuse(device, "its size is unknown");
        }
        foreach (var range in ranges)
        {
            if (!reads.Any(r => r.Range == range && r.Data.Length == range.Length))
            {
                return Refuse(device, $"{range.Length} bytes at byte offset {range.Offset} could not be read");
            }
        }
        if (BlankCheck.FirstNonZero(reads) is not { } offset)
        {
            return new(device, true, $"Formatting blank device '{device}' as the state partition (first and last MiB all zeros)");
        }
        var head = reads.First(r => r.Range.Offset == 0).Data;
        var found = DiskSignatures.Detect(head);
        return found.Count > 0
            ? Refuse(device, "it has " + string.Join(" and ", found.Select(s => s.Describe())))
            : Refuse(device, $"it has non-zero data at byte offset {offset}");
    }

    private static AutoformatDecision Refuse(string device, string why) =>
        new(device, false, $"Refusing to autoformat '{device}': {why}, not provably blank, leaving it untouched");
}
