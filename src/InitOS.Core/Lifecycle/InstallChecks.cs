namespace InitOS.Core.Lifecycle;

/// <summary>
/// The refusals of <c>ros install</c>. Never lifted: a mounted partition, a read-only device, the medium the running
/// system booted from, a disk smaller than <see cref="GptLayout.MinDiskBytes"/>. Lifted by <c>-f</c>: signatures of
/// a partition table or filesystem, and a first or last MiB that is not blank (data probing did not recognise).
/// </summary>
public static class InstallChecks
{
    /// <summary>The refusals that apply: all of them without <paramref name="force"/>, only those
    /// <c>-f</c> cannot lift with it. An empty list means the disk may be written.</summary>
    public static IReadOnlyList<InstallRefusal> Assess(DiskFacts facts, bool force)
    {
        ArgumentNullException.ThrowIfNull(facts);
        var device = facts.Device;
        var refusals = new List<InstallRefusal>();
        if (facts.MountedPartitions.Count > 0)
        {
            refusals.Add(new($"{device} has mounted partitions: {string.Join(", ", facts.MountedPartitions)}", false));
        }
        if (facts.IsReadOnly)
        {
            refusals.Add(new($"{device} is read-only", false));
        }
        if (facts.IsBootMedium)
        {
            refusals.Add(new($"{device} is the medium the running system booted from", false));
        }
        if (GptLayout.TooSmall(facts.SizeBytes) is { } small)
        {
            refusals.Add(new($"{device} is too small: {small}", false));
        }
        if (!force)
        {
            if (facts.Signatures.Count > 0)
            {
                refusals.Add(new($"{device} holds data: {string.Join(", ", facts.Signatures)}", true));
            }
            if (!facts.FirstMiBZero)
            {
                refusals.Add(new($"{device} holds data: the first MiB is not blank", true));
            }
            if (!facts.LastMiBZero)
            {
                refusals.Add(new($"{device} holds data: the last MiB is not blank", true));
            }
        }
        return refusals;
    }
}
