namespace InitOS.Core.Ports;

/// <summary>Block devices: what exists and the first bytes of each, for probing in Core.</summary>
public interface IBlockDevices
{
    /// <summary>Paths of the block devices the kernel knows now (<c>/dev/vda</c>, <c>/dev/vda1</c>), from sysfs.</summary>
    IReadOnlyList<string> List();

    /// <summary>True when <paramref name="device"/> exists as a block device.</summary>
    bool Exists(string device);

    /// <summary>Reads up to <paramref name="length"/> bytes from the start of <paramref name="device"/>; null when it cannot be opened.</summary>
    byte[]? ReadHead(string device, int length);

    /// <summary>The size of <paramref name="device"/> in bytes; null when it cannot be known.</summary>
    long? Size(string device);

    /// <summary>Reads up to <paramref name="length"/> bytes at <paramref name="offset"/>; null when the device cannot be opened or read.</summary>
    byte[]? Read(string device, long offset, int length);
}
