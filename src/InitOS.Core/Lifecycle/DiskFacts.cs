namespace InitOS.Core.Lifecycle;

/// <summary>What <c>ros install</c> found out about the target disk before deciding whether to write it.</summary>
/// <param name="Device">The device, e.g. <c>/dev/vda</c>.</param>
/// <param name="SizeBytes">Its size.</param>
/// <param name="MountedPartitions">Its partitions that are mounted, as <c>/dev/vda1 on /mnt</c>.</param>
/// <param name="Signatures">What probing found on it, e.g. <c>gpt partition table</c> or
/// <c>ext4 filesystem 'RANCHER_STATE' on /dev/vda4</c>.</param>
/// <param name="FirstMiBZero">Whether its first MiB is all zero bytes.</param>
/// <param name="LastMiBZero">Whether its last MiB is all zero bytes.</param>
/// <param name="IsReadOnly">Whether the kernel reports it read-only.</param>
/// <param name="IsBootMedium">Whether the running system booted from it.</param>
public sealed record DiskFacts(string Device, long SizeBytes, IReadOnlyList<string> MountedPartitions,
                               IReadOnlyList<string> Signatures,
                               bool FirstMiBZero, bool LastMiBZero, bool IsReadOnly, bool IsBootMedium);
