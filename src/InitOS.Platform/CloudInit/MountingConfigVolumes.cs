using InitOS.Core.Boot;
using InitOS.Core.Ports;

namespace InitOS.Platform.CloudInit;

/// <summary>
/// <see cref="IConfigVolumes"/> over the block devices and mount(2): labels are read from the devices'
/// superblocks (<see cref="DiskSignatures"/>, no udev needed); a device is mounted read-only, nosuid, nodev,
/// noexec on a private directory under <c>/run</c> for one read and unmounted again. Paths are mapped under the
/// file store's root, devices are not.
/// </summary>
public sealed class MountingConfigVolumes : IConfigVolumes
{
    private static readonly string[] FsTypes = ["iso9660", "vfat", "ext4", "ext3", "ext2", "udf"];
    private readonly IBlockDevices _devices;
    private readonly ISyscalls _syscalls;
    private readonly IFileStore _files;

    /// <summary>Creates the adapter.</summary>
    public MountingConfigVolumes(IBlockDevices devices, ISyscalls syscalls, IFileStore files)
    {
        _devices = devices;
        _syscalls = syscalls;
        _files = files;
    }

    /// <inheritdoc/>
    public string? FindDeviceByLabel(string label)
    {
        foreach (var device in _devices.List())
        {
            var head = _devices.ReadHead(device, DiskSignatures.ProbeLength);
            if (head is not null && string.Equals(DiskSignatures.Label(head), label, StringComparison.OrdinalIgnoreCase))
            {
                return device;
            }
        }
        return null;
    }

    /// <inheritdoc/>
    public IReadOnlyDictionary<string, byte[]> ReadFiles(string source, IReadOnlyList<string> relativePaths)
    {
        var directory = _files.Resolve(source);
        if (Directory.Exists(directory))
        {
            return ReadFrom(directory, relativePaths);
        }
        if (!_devices.Exists(source))
        {
            return new Dictionary<string, byte[]>();
        }
        var head = _devices.ReadHead(source, DiskSignatures.ProbeLength);
        var detected = head is null ? null : DiskSignatures.Detect(head).FirstOrDefault(s => s.Kind == "filesystem")?.Type;
        var mountPoint = Path.Join(_files.Resolve("/run"), $"initos-cloud-init-{Environment.ProcessId}-{Path.GetFileName(source)}");
        Directory.CreateDirectory(mountPoint, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        try
        {
            var flags = MountFlags.ReadOnly | MountFlags.NoSuid | MountFlags.NoDev | MountFlags.NoExec;
            foreach (var type in detected is null ? FsTypes : [detected])
            {
                if (_syscalls.Mount(source, mountPoint, type, flags, null).IsOk)
                {
                    try
                    {
                        return ReadFrom(mountPoint, relativePaths);
                    }
                    finally
                    {
                        _ = _syscalls.Unmount(mountPoint, detach: true);
                    }
                }
            }
            return new Dictionary<string, byte[]>();
        }
        finally
        {
            try
            {
                Directory.Delete(mountPoint);
            }
            catch (IOException)
            {
                // Still busy after a lazy unmount: the directory under /run goes with the boot.
            }
        }
    }

    /// <inheritdoc/>
    public byte[]? ReadFile(string path)
    {
        try
        {
            return File.ReadAllBytes(_files.Resolve(path));
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static Dictionary<string, byte[]> ReadFrom(string directory, IReadOnlyList<string> relativePaths)
    {
        var found = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var relative in relativePaths)
        {
            var path = Path.Join(directory, relative);
            if (File.Exists(path))
            {
                found[relative] = File.ReadAllBytes(path);
            }
        }
        return found;
    }
}
