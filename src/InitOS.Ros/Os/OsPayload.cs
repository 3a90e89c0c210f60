using InitOS.Core.Lifecycle;
using InitOS.Core.Ports;

namespace InitOS.Ros.Os;

/// <summary>
/// An OS payload: a directory with <c>vmlinuz</c>, <c>initrd</c>, <c>manifest</c> and (for an install)
/// <c>installer/</c>, from the ISO medium (<c>/boot</c>) or an OS image (<c>/dist</c>).
/// </summary>
/// <param name="Directory">The payload directory.</param>
/// <param name="Manifest">Its parsed manifest.</param>
/// <param name="Origin">Where it came from, for messages ("the ISO medium /dev/sr0", "image initos/os:v0.2.0").</param>
public sealed record OsPayload(string Directory, OsManifest Manifest, string Origin)
{
    /// <summary>Reads the manifest of <paramref name="directory"/>.</summary>
    public static OsPayload Load(IDiskOps disks, string directory, string origin)
    {
        var bytes = disks.ReadFile(Path.Join(directory, "manifest"))
            ?? throw new RosException($"{origin} has no manifest: it is not an InitOS OS payload");
        try
        {
            return new OsPayload(directory, OsManifest.Parse(System.Text.Encoding.UTF8.GetString(bytes)), origin);
        }
        catch (FormatException e)
        {
            throw new RosException($"the manifest of {origin} is not valid: {e.Message}");
        }
    }

    /// <summary>The full path of a payload file.</summary>
    public string PathOf(string relative) => Path.Join(Directory, relative);

    /// <summary>Checks the SHA-256 of <paramref name="files"/> against the manifest; throws naming every
    /// missing or damaged file.</summary>
    public void Verify(IDiskOps disks, IEnumerable<string> files)
    {
        var problems = new List<string>();
        foreach (var file in files.Where(f => f != "manifest"))
        {
            if (!Manifest.Sha256.TryGetValue(file, out var want))
            {
                problems.Add($"{file}: not in the manifest");
                continue;
            }
            string have;
            try
            {
                have = disks.Sha256(PathOf(file));
            }
            catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
            {
                problems.Add($"{file}: missing");
                continue;
            }
            if (!string.Equals(have, want, StringComparison.OrdinalIgnoreCase))
            {
                problems.Add($"{file}: sha256 {have[..12]}… instead of {want[..Math.Min(12, want.Length)]}…");
            }
        }
        if (problems.Count > 0)
        {
            throw new RosException($"{Origin} (v{Manifest.Version.TrimStart('v')}) failed verification: {string.Join("; ", problems)}");
        }
    }
}
