namespace InitOS.Core.Lifecycle;

/// <summary>The bytes of a GPT to write on a disk: <see cref="Head"/> at offset 0 and <see cref="Tail"/> at
/// <see cref="TailOffset"/>. Nothing between them is touched.</summary>
/// <param name="Head">Sectors 0..33: protective MBR, primary header, primary partition entries.</param>
/// <param name="Tail">The last 33 sectors: the backup partition entries, then the backup header.</param>
/// <param name="TailOffset">The byte offset of <paramref name="Tail"/> on the disk.</param>
public sealed record GptImage(byte[] Head, byte[] Tail, long TailOffset);
