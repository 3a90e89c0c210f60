namespace InitOS.Platform.Files;

/// <summary>
/// Rewrites a file in place, keeping its inode: for <c>/etc/resolv.conf</c> and <c>/etc/hosts</c>, which are
/// bind-mounted as single files into every system service container. A bind mount pins the inode, so the usual
/// write-temp-and-rename would give the host a new file while every container kept seeing the old one.
/// </summary>
public static class InPlaceFile
{
    private const UnixFileMode Mode0644 = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    /// <summary>
    /// Opens <paramref name="realPath"/> (created 0644 when missing, parents too) without replacing it, truncates it,
    /// writes the whole <paramref name="content"/> in one call and fsyncs. A reader can see the file empty or
    /// partial only for that one write(2); callers that can race each other take a lock around it.
    /// </summary>
    public static void Write(string realPath, byte[] content)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(realPath)!);
        using var stream = new FileStream(realPath, new FileStreamOptions
        {
            Mode = FileMode.OpenOrCreate,
            Access = FileAccess.Write,
            Share = FileShare.ReadWrite,
            UnixCreateMode = Mode0644,
            BufferSize = 0,
        });
        stream.SetLength(0);
        stream.Write(content);
        stream.Flush(flushToDisk: true);
    }
}
