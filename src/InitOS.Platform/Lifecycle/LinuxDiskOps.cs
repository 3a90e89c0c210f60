using System.Globalization;
using System.IO.Compression;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using InitOS.Core.Boot;
using InitOS.Core.Lifecycle;
using InitOS.Core.Ports;
using InitOS.Platform.Block;
using InitOS.Platform.Linux;

namespace InitOS.Platform.Lifecycle;

/// <summary>
/// <see cref="IDiskOps"/> on Linux: block devices through <c>/sys/class/block</c> and <c>/dev</c>, mounts as
/// PID 1 and the host see them (<c>/proc/1/mountinfo</c> as well as our own), BLKRRPART, mke2fs.
/// </summary>
public sealed class LinuxDiskOps(IProgramRunner programs, string sysClassBlock = "/sys/class/block", string dev = "/dev") : IDiskOps
{
    private const nuint BlkRrPart = 0x125F;
    private const int MiB = 1 << 20;
    private readonly SysfsBlockDevices _blocks = new(sysClassBlock, dev, includeLoop: true);

    /// <inheritdoc/>
    public DiskFacts Probe(string device)
    {
        var name = Path.GetFileName(device);
        var sys = Path.Join(sysClassBlock, name);
        if (!Directory.Exists(sys))
        {
            throw new IOException($"'{device}' is not a block device this system knows (no {sys})");
        }
        if (File.Exists(Path.Join(sys, "partition")))
        {
            throw new IOException($"'{device}' is a partition; give the whole disk (e.g. /dev/{DiskOf(name)})");
        }
        var size = _blocks.Size(device) ?? 0;
        var partitions = Directory.EnumerateDirectories(sys)
            .Where(d => File.Exists(Path.Join(d, "partition")))
            .Select(Path.GetFileName)
            .OfType<string>()
            .Order(StringComparer.Ordinal)
            .ToList();
        var numbers = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var n in partitions.Prepend(name))
        {
            var devFile = Path.Join(sysClassBlock, n, "dev");
            if (File.Exists(devFile))
            {
                numbers[File.ReadAllText(devFile).Trim()] = "/dev/" + n;
            }
        }
        var mounted = MountedOf(numbers);
        var signatures = new List<string>();
        var bootMedium = false;
        foreach (var n in partitions.Prepend(name))
        {
            var path = Path.Join(dev, n);
            var head = _blocks.ReadHead(path, DiskSignatures.ProbeLength);
            if (head is null)
            {
                continue;
            }
            foreach (var sig in DiskSignatures.Detect(head))
            {
                signatures.Add($"{sig.Describe()} on {path}");
                if (sig.Type == "iso9660" && sig.Label == BootPartition.MediumLabel)
                {
                    bootMedium = true;
                }
            }
        }
        var first = size > 0 ? Read(device, 0, (int)Math.Min(MiB, size)) : [];
        var last = size > MiB ? Read(device, size - MiB, MiB) : first;
        var readOnly = File.Exists(Path.Join(sys, "ro")) && File.ReadAllText(Path.Join(sys, "ro")).Trim() == "1";
        return new DiskFacts(device, size, mounted, signatures, IsZero(first), IsZero(last), readOnly, bootMedium);
    }

    /// <summary>Mounts of the disk or its partitions (matched by device number) in PID 1's and our namespace.</summary>
    private static List<string> MountedOf(Dictionary<string, string> numbers)
    {
        var found = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var mountinfo in new[] { "/proc/1/mountinfo", "/proc/self/mountinfo" })
        {
            string[] lines;
            try
            {
                lines = File.ReadAllLines(mountinfo);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                continue;
            }
            foreach (var line in lines)
            {
                var fields = line.Split(' ');
                if (fields.Length > 4 && numbers.TryGetValue(fields[2], out var device))
                {
                    found.Add($"{device} on {fields[4]}");
                }
            }
        }
        foreach (var line in File.Exists("/proc/swaps") ? File.ReadAllLines("/proc/swaps").Skip(1) : [])
        {
            var path = line.Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
            if (path != null && numbers.ContainsValue(path))
            {
                found.Add($"{path} as swap");
            }
        }
        return [.. found];
    }

    private static string DiskOf(string partition)
    {
        var trimmed = partition.TrimEnd("0123456789".ToCharArray());
        return trimmed.EndsWith('p') && char.IsDigit(trimmed[^2]) ? trimmed[..^1] : trimmed;
    }

    /// <summary>
    /// A block device opened with open(2) directly: a FileStream opened by path takes .NET's flock-based
    /// FileShare lock, which fails with a sharing violation while udev holds its lock on the disk (it probes
    /// after every partition table change).
    /// </summary>
    private static FileStream OpenDevice(string device, bool write)
    {
        var fd = Open(device, (write ? Tmds.Linux.LibC.O_RDWR : Tmds.Linux.LibC.O_RDONLY) | Tmds.Linux.LibC.O_CLOEXEC);
        if (fd < 0)
        {
            throw new IOException($"cannot open '{device}': {ErrnoNames.Name(Marshal.GetLastPInvokeError())}");
        }
        return new FileStream(new Microsoft.Win32.SafeHandles.SafeFileHandle(fd, ownsHandle: true), write ? FileAccess.ReadWrite : FileAccess.Read, 1);
    }

    private static bool IsZero(byte[] data) => data.AsSpan().IndexOfAnyExcept((byte)0) < 0;

    /// <inheritdoc/>
    public byte[] Read(string device, long offset, int length)
    {
        try
        {
            using var stream = OpenDevice(device, write: false);
            stream.Seek(offset, SeekOrigin.Begin);
            var buffer = new byte[length];
            stream.ReadExactly(buffer);
            return buffer;
        }
        catch (Exception e) when (e is UnauthorizedAccessException or EndOfStreamException)
        {
            throw new IOException($"cannot read {length} bytes at {offset} of '{device}': {e.Message}", e);
        }
    }

    /// <inheritdoc/>
    public void Write(string device, long offset, byte[] data)
    {
        try
        {
            using var stream = OpenDevice(device, write: true);
            stream.Seek(offset, SeekOrigin.Begin);
            stream.Write(data);
            stream.Flush(flushToDisk: true);
        }
        catch (UnauthorizedAccessException e)
        {
            throw new IOException($"cannot write '{device}': {e.Message}", e);
        }
    }

    /// <inheritdoc/>
    public void WriteGunzipped(string device, long offset, string gzipFile, long maxBytes)
    {
        using var input = new GZipStream(File.OpenRead(gzipFile), CompressionMode.Decompress);
        using var output = OpenDevice(device, write: true);
        output.Seek(offset, SeekOrigin.Begin);
        var buffer = new byte[MiB];
        long written = 0;
        int n;
        while ((n = input.Read(buffer)) > 0)
        {
            written += n;
            if (written > maxBytes)
            {
                throw new IOException($"'{gzipFile}' unpacks to more than the {maxBytes / MiB} MiB of its partition");
            }
            output.Write(buffer, 0, n);
        }
        output.Flush(flushToDisk: true);
    }

    /// <inheritdoc/>
    public IReadOnlyList<string> RereadPartitions(string device, IReadOnlyList<GptPartition> partitions, TimeSpan wait)
    {
        var name = Path.GetFileName(device);
        var parts = partitions.Select(p => Path.Join(dev, PartitionName(name, p.Number))).ToList();
        var tries = 0;
        while (true)
        {
            var error = Reread(device);
            if (error is null)
            {
                break;
            }
            // the kernel says EBUSY while a stray reader (udev's blkid) holds a partition open: try again briefly;
            // a loop device without partition scanning says EINVAL
            if (error == "EINVAL" && name.StartsWith("loop", StringComparison.Ordinal))
            {
                return PartitionLoops(device, partitions);
            }
            if (error != "EBUSY" || ++tries >= 20)
            {
                throw new IOException($"the kernel did not re-read the partition table of '{device}': {error}");
            }
            Thread.Sleep(250);
        }
        var deadline = DateTime.UtcNow + wait;
        var loopDeadline = DateTime.UtcNow + TimeSpan.FromSeconds(2);
        while (!parts.All(File.Exists))
        {
            // a loop device attached without partition scanning re-reads "successfully" and shows none
            if (name.StartsWith("loop", StringComparison.Ordinal) && DateTime.UtcNow >= loopDeadline
                && !partitions.Any(p => Directory.Exists(Path.Join(sysClassBlock, PartitionName(name, p.Number)))))
            {
                return PartitionLoops(device, partitions);
            }
            if (DateTime.UtcNow >= deadline)
            {
                var missing = parts.Where(p => !File.Exists(p)).ToList();
                throw new IOException($"the partitions of '{device}' did not appear within {wait.TotalSeconds:0} s (missing: {string.Join(", ", missing)})");
            }
            Thread.Sleep(100);
        }
        return parts;
    }

    private readonly List<string> _partitionLoops = [];

    /// <summary>One loop device per partition, over the disk at the partition's offset and size.</summary>
    private List<string> PartitionLoops(string device, IReadOnlyList<GptPartition> partitions)
    {
        var made = new List<string>();
        foreach (var p in partitions)
        {
            var offset = (p.FirstLba * 512).ToString(CultureInfo.InvariantCulture);
            var size = p.SizeBytes.ToString(CultureInfo.InvariantCulture);
            var (code, output) = programs.RunAsync("losetup", ["--find", "--show", "--offset", offset, "--sizelimit", size, device], TimeSpan.FromSeconds(30), CancellationToken.None).GetAwaiter().GetResult();
            if (code != 0)
            {
                throw new IOException($"'{device}' shows no partitions (a loop device without partition scanning), and losetup of partition {p.Number} failed: {output.Trim()}");
            }
            made.Add(output.Trim());
            _partitionLoops.Add(output.Trim());
        }
        return made;
    }

    /// <inheritdoc/>
    public void ReleasePartitions()
    {
        foreach (var loop in _partitionLoops)
        {
            _ = programs.RunAsync("losetup", ["-d", loop], TimeSpan.FromSeconds(30), CancellationToken.None).GetAwaiter().GetResult();
        }
        _partitionLoops.Clear();
    }

    private static unsafe int Open(string path, int flags)
    {
        fixed (byte* p = System.Text.Encoding.UTF8.GetBytes(path + "\0"))
        {
            return Tmds.Linux.LibC.open(p, flags, 0);
        }
    }

    private static string? Reread(string device)
    {
        var fd = Open(device, Tmds.Linux.LibC.O_RDONLY | Tmds.Linux.LibC.O_CLOEXEC);
        if (fd < 0)
        {
            return ErrnoNames.Name(Marshal.GetLastPInvokeError());
        }
        try
        {
            return Native.Ioctl(fd, BlkRrPart, 0) == 0 ? null : ErrnoNames.Name(Marshal.GetLastPInvokeError());
        }
        finally
        {
            _ = Tmds.Linux.LibC.close(fd);
        }
    }

    /// <summary>The kernel's name of partition <paramref name="number"/> of disk <paramref name="disk"/>
    /// (<c>vda</c> → <c>vda1</c>, <c>nvme0n1</c> → <c>nvme0n1p1</c>).</summary>
    public static string PartitionName(string disk, int number) =>
        disk.Length > 0 && char.IsDigit(disk[^1]) ? $"{disk}p{number.ToString(CultureInfo.InvariantCulture)}" : disk + number.ToString(CultureInfo.InvariantCulture);

    /// <inheritdoc/>
    public async Task MakeExt4Async(string partition, string label, CancellationToken cancellationToken)
    {
        IReadOnlyList<string> args = ["-q", "-F", "-t", "ext4", "-L", label, partition];
        var program = "mke2fs";
        // In the console container (no e2fsprogs there) the host's mke2fs runs in the host's root: the console
        // shares PID 1's pid namespace and is privileged, and /dev is the host's.
        if (ProcessExec.Which(program) is null && File.Exists("/proc/1/root/usr/sbin/mke2fs"))
        {
            args = ["/proc/1/root", "/usr/sbin/mke2fs", .. args];
            program = "chroot";
        }
        var (code, output) = await programs.RunAsync(program, args, TimeSpan.FromMinutes(10), cancellationToken).ConfigureAwait(false);
        if (code != 0)
        {
            throw new IOException($"mke2fs {partition} failed (status {code}): {output.Trim()}");
        }
    }

    /// <inheritdoc/>
    public void Mount(string device, string target, string fsType, bool readOnly)
    {
        Directory.CreateDirectory(target);
        var flags = readOnly ? 1UL : 0UL;
        if (Native.Mount(device, target, fsType, flags, null) != 0)
        {
            throw new IOException($"cannot mount '{device}' ({fsType}) on '{target}': {ErrnoNames.Name(Marshal.GetLastPInvokeError())}");
        }
    }

    /// <inheritdoc/>
    public void Unmount(string target)
    {
        if (Native.Umount2(target, 0) != 0)
        {
            throw new IOException($"cannot unmount '{target}': {ErrnoNames.Name(Marshal.GetLastPInvokeError())}");
        }
    }

    /// <inheritdoc/>
    public string? FindByLabel(string label)
    {
        foreach (var device in _blocks.List())
        {
            if (_blocks.ReadHead(device, DiskSignatures.ProbeLength) is { } head && DiskSignatures.Label(head) == label)
            {
                return device;
            }
        }
        return null;
    }

    /// <inheritdoc/>
    public string? FilesystemType(string device) =>
        _blocks.ReadHead(device, DiskSignatures.ProbeLength) is { } head
            ? DiskSignatures.Detect(head).FirstOrDefault(s => s.Kind == "filesystem")?.Type
            : null;

    /// <inheritdoc/>
    public void CopyFileAtomic(string source, string target) => WriteAtomic(target, stream =>
    {
        using var input = File.OpenRead(source);
        input.CopyTo(stream, MiB);
    });

    /// <inheritdoc/>
    public void WriteFileAtomic(string target, byte[] content) => WriteAtomic(target, stream => stream.Write(content));

    private static void WriteAtomic(string target, Action<FileStream> fill)
    {
        var directory = Path.GetDirectoryName(target)!;
        Directory.CreateDirectory(directory);
        var temp = Path.Join(directory, "." + Path.GetFileName(target) + ".tmp-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
        try
        {
            using (var stream = new FileStream(temp, new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write, UnixCreateMode = (UnixFileMode)0x1A4 }))
            {
                fill(stream);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temp, target, overwrite: true);
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
        FsyncDirectory(directory);
    }

    private static void FsyncDirectory(string directory)
    {
        var fd = Open(directory, Tmds.Linux.LibC.O_RDONLY | Tmds.Linux.LibC.O_DIRECTORY | Tmds.Linux.LibC.O_CLOEXEC);
        if (fd < 0)
        {
            throw new IOException($"cannot open '{directory}' to flush it: {ErrnoNames.Name(Marshal.GetLastPInvokeError())}");
        }
        try
        {
            if (Tmds.Linux.LibC.fsync(fd) != 0)
            {
                throw new IOException($"cannot flush '{directory}': {ErrnoNames.Name(Marshal.GetLastPInvokeError())}");
            }
        }
        finally
        {
            _ = Tmds.Linux.LibC.close(fd);
        }
    }

    /// <inheritdoc/>
    public byte[]? ReadFile(string path) => File.Exists(path) ? File.ReadAllBytes(path) : null;

    /// <inheritdoc/>
    public string Sha256(string file)
    {
        using var stream = File.OpenRead(file);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    /// <inheritdoc/>
    public void DeleteFile(string path)
    {
        if (File.Exists(path))
        {
            File.Delete(path);
        }
    }

    /// <inheritdoc/>
    public void Sync() => Native.Sync();
}
