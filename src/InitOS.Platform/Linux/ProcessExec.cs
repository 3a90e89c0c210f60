using System.Runtime.InteropServices;
using System.Text;

namespace InitOS.Platform.Linux;

/// <summary>Replaces the current process with another program (execv), for wrapper personalities.</summary>
public static class ProcessExec
{
    /// <summary>Finds <paramref name="program"/> on <c>$PATH</c> (or returns it when it contains a slash); null when absent.</summary>
    public static string? Which(string program)
    {
        if (program.Contains('/'))
        {
            return File.Exists(program) ? program : null;
        }
        var path = Environment.GetEnvironmentVariable("PATH") ?? "/usr/sbin:/usr/bin:/sbin:/bin";
        foreach (var dir in path.Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Join(dir, program);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }
        return null;
    }

    /// <summary>execv(2); returns only on failure, with the errno name.</summary>
    public static unsafe string Exec(string path, IReadOnlyList<string> argv)
    {
        var pinned = new List<GCHandle>();
        try
        {
            byte[] Z(string s) => Encoding.UTF8.GetBytes(s + "\0");
            var pathBytes = Z(path);
            var args = new nint[argv.Count + 1];
            foreach (var (a, i) in argv.Select((a, i) => (a, i)))
            {
                var handle = GCHandle.Alloc(Z(a), GCHandleType.Pinned);
                pinned.Add(handle);
                args[i] = handle.AddrOfPinnedObject();
            }
            fixed (byte* p = pathBytes)
            fixed (nint* a = args)
            {
                _ = Native.Execv(p, (byte**)a);
            }
            return ErrnoNames.Name(Marshal.GetLastPInvokeError());
        }
        finally
        {
            foreach (var h in pinned)
            {
                h.Free();
            }
        }
    }
}
