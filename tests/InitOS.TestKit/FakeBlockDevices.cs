using InitOS.Core.Ports;

namespace InitOS.TestKit;

/// <summary><see cref="IBlockDevices"/> over byte arrays by device path (<c>/dev/vda</c>).</summary>
public sealed class FakeBlockDevices : IBlockDevices
{
    /// <summary>The devices and their whole content.</summary>
    public SortedDictionary<string, byte[]> Devices { get; } = new(StringComparer.Ordinal);

    /// <inheritdoc/>
    public IReadOnlyList<string> List() => Devices.Keys.ToList();

    /// <inheritdoc/>
    public bool Exists(string device) => Devices.ContainsKey(device);

    /// <inheritdoc/>
    public byte[]? ReadHead(string device, int length) => Read(device, 0, length);

    /// <inheritdoc/>
    public long? Size(string device) => Devices.TryGetValue(device, out var bytes) ? bytes.LongLength : null;

    /// <inheritdoc/>
    public byte[]? Read(string device, long offset, int length) =>
        Devices.TryGetValue(device, out var bytes) && offset <= bytes.LongLength
            ? bytes.AsSpan((int)offset, (int)Math.Min(length, bytes.LongLength - offset)).ToArray()
            : null;
}
