namespace InitOS.Core.CloudInit;

/// <summary>One file cloud-init-save writes (atomically).</summary>
/// <param name="Path">System path.</param>
/// <param name="Content">Full text.</param>
/// <param name="Mode">File mode.</param>
public sealed record SaveFile(string Path, string Content, UnixFileMode Mode);
