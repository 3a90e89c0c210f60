using InitOS.Core.Lifecycle;

namespace InitOS.Core.Ports;

/// <summary>
/// The disk and file effects of <c>ros install</c>, <c>ros os upgrade</c> and the slot bookkeeping: block
/// devices read and written at offsets, partitions re-read, filesystems made and mounted, files copied
/// atomically. Every failure is an <see cref="IOException"/> whose message names the device or path.
/// </summary>
public interface IDiskOps
{
    /// <summary>What is on <paramref name="device"/> now (size, mounts, signatures, blank ends).</summary>
    DiskFacts Probe(string device);

    /// <summary>Reads <paramref name="length"/> bytes at <paramref name="offset"/>.</summary>
    byte[] Read(string device, long offset, int length);

    /// <summary>Writes <paramref name="data"/> at <paramref name="offset"/> and flushes it to the device.</summary>
    void Write(string device, long offset, byte[] data);

    /// <summary>Streams the gunzipped <paramref name="gzipFile"/> to the device at <paramref name="offset"/>,
    /// refusing more than <paramref name="maxBytes"/>; flushed when done.</summary>
    void WriteGunzipped(string device, long offset, string gzipFile, long maxBytes);

    /// <summary>Makes the kernel re-read the partition table and waits (at most <paramref name="wait"/>) for
    /// the nodes of <paramref name="partitions"/>; returns their paths. A loop device whose kernel does not scan
    /// partitions gets one loop device per partition (offset and size limit) instead.</summary>
    IReadOnlyList<string> RereadPartitions(string device, IReadOnlyList<GptPartition> partitions, TimeSpan wait);

    /// <summary>Detaches the per-partition loop devices <see cref="RereadPartitions"/> made, if any.</summary>
    void ReleasePartitions();

    /// <summary>Makes an ext4 filesystem labelled <paramref name="label"/> on <paramref name="partition"/>.</summary>
    Task MakeExt4Async(string partition, string label, CancellationToken cancellationToken);

    /// <summary>Mounts <paramref name="device"/> (creating the target directory).</summary>
    void Mount(string device, string target, string fsType, bool readOnly);

    /// <summary>Unmounts <paramref name="target"/>.</summary>
    void Unmount(string target);

    /// <summary>The first block device whose filesystem has <paramref name="label"/>; null when none.</summary>
    string? FindByLabel(string label);

    /// <summary>The filesystem type on <paramref name="device"/> (iso9660, ext4, vfat, ...); null when none is recognised.</summary>
    string? FilesystemType(string device);

    /// <summary>Copies a file: a temporary file next to the target, fsync, rename, fsync of the directory.</summary>
    void CopyFileAtomic(string source, string target);

    /// <summary>Writes bytes atomically the same way (temporary file, fsync, rename, directory fsync).</summary>
    void WriteFileAtomic(string target, byte[] content);

    /// <summary>The file's bytes; null when it does not exist.</summary>
    byte[]? ReadFile(string path);

    /// <summary>The lowercase hex SHA-256 of a file.</summary>
    string Sha256(string file);

    /// <summary>Removes a file when present.</summary>
    void DeleteFile(string path);

    /// <summary>Flushes every filesystem (sync(2)).</summary>
    void Sync();
}
