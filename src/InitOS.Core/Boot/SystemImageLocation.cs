using System.Globalization;

namespace InitOS.Core.Boot;

/// <summary>
/// Where the system squashfs is when the initrd does not carry it (the ISO's live initrd, issue 10): inside the full
/// initrd on the boot medium, at a byte offset, so that it is read from the medium instead of held in RAM. The live
/// initrd carries this as <see cref="Path"/>, written by rootfs/build-iso.sh, one <c>key=value</c> a line:
/// <c>label</c> (the medium's file-system label), <c>file</c> (the full initrd on it), <c>file_size</c> (its size in
/// bytes), <c>offset</c> (where the squashfs starts in it) and <c>id</c> (the squashfs's <see cref="IdFile"/>, which
/// PID 1 compares once it is mounted, so another version's medium is never used).
/// </summary>
/// <param name="Label">File-system label of the medium.</param>
/// <param name="File">Absolute path of the full initrd on the medium.</param>
/// <param name="FileSize">The full initrd's size in bytes.</param>
/// <param name="Offset">Byte offset of the squashfs inside it.</param>
/// <param name="Id">The squashfs's identity (its <see cref="IdFile"/>).</param>
public sealed record SystemImageLocation(string Label, string File, long FileSize, long Offset, string Id)
{
    /// <summary>Where the live initrd carries the location.</summary>
    public const string Path = "/usr/lib/initos/system.location";

    /// <summary>The squashfs's identity file, relative to its root (a hash of its contents, written at build time).</summary>
    public const string IdFile = "id";

    /// <summary>Where PID 1 mounts the medium (read-only, for as long as the system runs).</summary>
    public const string MediumMount = "/run/initos/medium";

    /// <summary>Parses the location file; null with a reason when a key is missing or wrong.</summary>
    public static (SystemImageLocation? Location, string? Error) Parse(string text)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }
            var eq = line.IndexOf('=');
            if (eq <= 0)
            {
                return (null, $"not a key=value line: '{line}'");
            }
            values[line[..eq]] = line[(eq + 1)..];
        }
        string? Get(string key) => values.TryGetValue(key, out var v) && v.Length > 0 ? v : null;
        if (Get("label") is not { } label || Get("file") is not { } file || Get("id") is not { } id)
        {
            return (null, "label, file and id are required");
        }
        if (!file.StartsWith('/') || file.Split('/').Contains(".."))
        {
            return (null, $"file must be an absolute path on the medium: '{file}'");
        }
        if (!long.TryParse(Get("file_size"), NumberStyles.None, CultureInfo.InvariantCulture, out var size)
            || !long.TryParse(Get("offset"), NumberStyles.None, CultureInfo.InvariantCulture, out var offset) || offset >= size)
        {
            return (null, "file_size and offset must be byte counts, the offset inside the file");
        }
        return (new SystemImageLocation(label, file, size, offset, id), null);
    }
}
