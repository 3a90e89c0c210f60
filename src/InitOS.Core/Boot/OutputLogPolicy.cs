namespace InitOS.Core.Boot;

/// <summary>
/// How PID 1 copies a daemon's output into its log file: the pipe is always drained (a daemon blocked on a
/// full pipe stops answering, and a stopped copy would block it for good); the file is rotated once it would
/// pass <see cref="MaxBytes"/> (the old one kept as <c>&lt;file&gt;.1</c>, only one); while the file cannot be
/// written (disk full, read-only, I/O error) output is dropped and counted, the file is tried again every
/// <see cref="RetryAfter"/>, and each change between writing and dropping is said once.
/// </summary>
/// <param name="MaxBytes">Size at which the file is rotated.</param>
/// <param name="RetryAfter">How long dropping lasts before the file is tried again.</param>
public sealed record OutputLogPolicy(long MaxBytes, TimeSpan RetryAfter)
{
    /// <summary>The system engine's: 16 MiB, one old copy, retry every 10 s.</summary>
    public static OutputLogPolicy Default { get; } = new(16L << 20, TimeSpan.FromSeconds(10));

    /// <summary>True when appending <paramref name="incoming"/> bytes to a file of <paramref name="size"/> bytes passes the cap.</summary>
    public bool MustRotate(long size, int incoming) => size > 0 && size + incoming > MaxBytes;

    /// <summary>The name the rotated file takes.</summary>
    public static string Rotated(string path) => path + ".1";

    /// <summary>The line said once when output starts being dropped.</summary>
    public static string DroppingMessage(string path, string error) =>
        $"Cannot write '{path}' ({error}): dropping daemon output until it can be written again";

    /// <summary>The line said once when writing works again.</summary>
    public static string ResumedMessage(string path, long droppedBytes) =>
        $"Writing '{path}' again; {droppedBytes} bytes of daemon output were dropped";
}
