using InitOS.Core.Ports;

namespace InitOS.Platform.Block;

/// <summary><see cref="IBlockDevices"/> over /sys/class/block and the device nodes in /dev.</summary>
public sealed class SysfsBlockDevices : IBlockDevices
{
    private readonly string _sysClassBlock;
    private readonly string _dev;

    private readonly bool _includeLoop;

    /// <summary>Creates the adapter; loop devices are listed only when <paramref name="includeLoop"/> (tests).</summary>
    public SysfsBlockDevices(string sysClassBlock = "/sys/class/block", string dev = "/dev", bool includeLoop = false)
    {
        _sysClassBlock = sysClassBlock;
        _dev = dev;
        _includeLoop = includeLoop;
    }

    /// <inheritdoc/>
    public IReadOnlyList<string> List()
    {
        if (!Directory.Exists(_sysClassBlock))
        {
            return [];
        }
        return Directory.EnumerateFileSystemEntries(_sysClassBlock)
            .Select(Path.GetFileName)
            .Where(n => n != null && (_includeLoop || !n.StartsWith("loop", StringComparison.Ordinal)) && !n.StartsWith("ram", StringComparison.Ordinal))
            .Select(n => Path.Join(_dev, n))
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    /// <inheritdoc/>
    public bool Exists(string device) => File.Exists(device);

    /// <inheritdoc/>
    public byte[]? ReadHead(string device, int length)
    {
        try
        {
            using var stream = new FileStream(device, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1, FileOptions.None);
            var buffer = new byte[length];
            var total = 0;
            while (total < length)
            {
                var n = stream.Read(buffer, total, length - total);
                if (n == 0)
                {
                    break;
                }
                total += n;
            }
            return total == length ? buffer : buffer[..total];
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }
}
