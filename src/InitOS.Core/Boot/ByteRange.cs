namespace InitOS.Core.Boot;

/// <summary>A span of bytes on a device.</summary>
/// <param name="Offset">Where it starts, in bytes from the start of the device.</param>
/// <param name="Length">How many bytes.</param>
public sealed record ByteRange(long Offset, int Length);
