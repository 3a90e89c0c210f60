using InitOS.Core.Ports;

namespace InitOS.Platform.Linux;

/// <summary><see cref="IKernelInfo"/> over procfs (under an optional root prefix, for tests).</summary>
public sealed class ProcFs : IKernelInfo
{
    private readonly string _proc;

    /// <summary>Reads from <paramref name="procRoot"/> (default <c>/proc</c>).</summary>
    public ProcFs(string procRoot = "/proc") => _proc = procRoot;

    /// <inheritdoc/>
    public string ReadCmdline() => ReadOrEmpty("cmdline").Trim('\0', '\n', ' ');

    /// <inheritdoc/>
    public string ReadMounts() => ReadOrEmpty("self/mounts");

    /// <inheritdoc/>
    public string ReadModules() => ReadOrEmpty("modules");

    /// <inheritdoc/>
    public unsafe long UptimeMs()
    {
        Native.Timespec ts;
        return Native.ClockGettime(Native.CLOCK_BOOTTIME, &ts) == 0
            ? (ts.Seconds * 1000) + (ts.Nanoseconds / 1_000_000)
            : Environment.TickCount64;
    }

    /// <inheritdoc/>
    public string RootFsType()
    {
        // The last entry for "/" in the mount table is the one in effect.
        string type = "";
        foreach (var line in ReadMounts().Split('\n'))
        {
            var f = line.Split(' ');
            if (f.Length > 2 && f[1] == "/")
            {
                type = f[2];
            }
        }
        return type.Length > 0 ? type : "rootfs";
    }

    /// <inheritdoc/>
    public IReadOnlyList<string> ReadProcessStats()
    {
        var stats = new List<string>();
        foreach (var dir in Directory.EnumerateDirectories(_proc))
        {
            var name = Path.GetFileName(dir);
            if (name.Length == 0 || !name.All(char.IsAsciiDigit))
            {
                continue;
            }
            try
            {
                stats.Add(File.ReadAllText(Path.Join(dir, "stat")));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // exited while we read
            }
        }
        return stats;
    }

    /// <inheritdoc/>
    public long SelfRssKiB()
    {
        foreach (var line in ReadOrEmpty("self/status").Split('\n'))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                var digits = new string(line.Where(char.IsAsciiDigit).ToArray());
                return long.TryParse(digits, out var kib) ? kib : 0;
            }
        }
        return 0;
    }

    private string ReadOrEmpty(string relative)
    {
        try
        {
            return File.ReadAllText(Path.Join(_proc, relative));
        }
        catch (IOException)
        {
            return "";
        }
        catch (UnauthorizedAccessException)
        {
            return "";
        }
    }
}
