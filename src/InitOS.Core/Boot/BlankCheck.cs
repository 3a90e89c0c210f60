namespace InitOS.Core.Boot;

/// <summary>
/// What "blank" means before an autoformat (RancherOS's rule): the first and the last
/// <see cref="EdgeLength"/> bytes of the device are all zeros. Partition tables, superblocks and RAID or
/// cache headers live at one of the two ends (GPT and md 0.90/1.0 at the end, the rest at the start), so a
/// device that passes holds none of them; data that merely lacks a known signature fails too. At most
/// 2 × <see cref="EdgeLength"/> bytes are read, whatever the size of the device.
/// </summary>
public static class BlankCheck
{
    /// <summary>How much of each end is read: 1 MiB.</summary>
    public const int EdgeLength = 1 << 20;

    /// <summary>
    /// The byte ranges to read from a device of <paramref name="size"/> bytes: the first MiB and the last MiB
    /// (one range covering the whole device when it is 2 MiB or smaller). Empty when the size is not known.
    /// </summary>
    public static IReadOnlyList<ByteRange> Ranges(long size)
    {
        if (size <= 0)
        {
            return [];
        }
        if (size <= 2L * EdgeLength)
        {
            return [new ByteRange(0, (int)size)];
        }
        return [new ByteRange(0, EdgeLength), new ByteRange(size - EdgeLength, EdgeLength)];
    }

    /// <summary>The device offset of the first non-zero byte in <paramref name="reads"/>, or null when every byte is zero.</summary>
    public static long? FirstNonZero(IReadOnlyList<(ByteRange Range, byte[] Data)> reads)
    {
        foreach (var (range, data) in reads.OrderBy(r => r.Range.Offset))
        {
            var i = data.AsSpan().IndexOfAnyExcept((byte)0);
            if (i >= 0)
            {
                return range.Offset + i;
            }
        }
        return null;
    }
}
