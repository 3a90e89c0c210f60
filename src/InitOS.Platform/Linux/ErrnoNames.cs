using InitOS.Core.Ports;

namespace InitOS.Platform.Linux;

/// <summary>Symbolic names of the errno values PID 1 meets (Linux x86-64/arm64 numbering).</summary>
internal static class ErrnoNames
{
    private static readonly string[] Names =
    [
        "0", "EPERM", "ENOENT", "ESRCH", "EINTR", "EIO", "ENXIO", "E2BIG", "ENOEXEC", "EBADF", "ECHILD",
        "EAGAIN", "ENOMEM", "EACCES", "EFAULT", "ENOTBLK", "EBUSY", "EEXIST", "EXDEV", "ENODEV", "ENOTDIR",
        "EISDIR", "EINVAL", "ENFILE", "EMFILE", "ENOTTY", "ETXTBSY", "EFBIG", "ENOSPC", "ESPIPE", "EROFS",
        "EMLINK", "EPIPE", "EDOM", "ERANGE", "EDEADLK", "ENAMETOOLONG", "ENOLCK", "ENOSYS", "ENOTEMPTY", "ELOOP",
    ];

    /// <summary>The name of <paramref name="errno"/>, or <c>errno N</c>.</summary>
    internal static string Name(int errno) => errno > 0 && errno < Names.Length ? Names[errno] : $"errno {errno}";

    /// <summary>The result of a call that returned <paramref name="rc"/>, reading errno when it failed.</summary>
    internal static SysResult From(int rc)
    {
        if (rc == 0)
        {
            return SysResult.Ok;
        }
        var errno = System.Runtime.InteropServices.Marshal.GetLastPInvokeError();
        return new SysResult(errno, Name(errno));
    }
}
