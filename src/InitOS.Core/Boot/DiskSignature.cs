namespace InitOS.Core.Boot;

/// <summary>One thing found at the start of a block device: a partition table or a filesystem.</summary>
/// <param name="Kind"><c>partition table</c> or <c>filesystem</c> (or <c>signature</c> for other on-disk formats).</param>
/// <param name="Type">The type name blkid uses (<c>dos</c>, <c>gpt</c>, <c>ext4</c>, <c>xfs</c>, <c>crypto_LUKS</c>).</param>
/// <param name="Label">The volume label, when the format has one and it is set.</param>
public sealed record DiskSignature(string Kind, string Type, string? Label = null)
{
    /// <summary>Human form: <c>an ext4 filesystem labelled 'DATA'</c>.</summary>
    public string Describe() => Label is { Length: > 0 } label
        ? $"{Article(Type)} {Type} {Kind} labelled '{label}'"
        : $"{Article(Type)} {Type} {Kind}";

    private static string Article(string word) => word.Length > 0 && "aeiouAEIOU".Contains(word[0]) ? "an" : "a";
}
