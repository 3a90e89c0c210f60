namespace InitOS.Core.Lifecycle;

/// <summary>One partition of a GPT disk, in 512-byte sectors.</summary>
/// <param name="Number">1-based partition number (the entry's index in the table plus one).</param>
/// <param name="Name">The GPT partition name (at most 36 UTF-16 code units).</param>
/// <param name="Type">The partition type GUID.</param>
/// <param name="FirstLba">First sector.</param>
/// <param name="LastLba">Last sector, inclusive.</param>
public sealed record GptPartition(int Number, string Name, Guid Type, long FirstLba, long LastLba)
{
    /// <summary>The size in bytes.</summary>
    public long SizeBytes => (LastLba - FirstLba + 1) * 512;
}
