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
    public byte[]? ReadHead(string device, int length) => Read(device, 0, length);

    /// <inheritdoc/>
    public long? Size(string device)
    {
        // sysfs counts 512-byte sectors whatever the logical block size; the device node may be a symlink.
        try
        {
            var real = new FileInfo(device).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? device;
            var text = File.ReadAllText(Path.Join(_sysClassBlock, Path.GetFileName(real), "size")).Trim();
            return long.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var sectors) ? sectors * 512 : null;
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

    /// <inheritdoc/>
    public byte[]? Read(string device, long offset, int length)
    {
        try
        {
            using var stream = new FileStream(device, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1, FileOptions.None);
            if (offset > 0)
            {
                stream.Seek(offset, SeekOrigin.Begin);
            }
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
