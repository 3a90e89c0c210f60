using System.Runtime.InteropServices;

namespace InitOS.Platform.Linux;

/// <summary>The libc calls Tmds.LibC does not bind (mount, reboot, sync, prctl, kill, execv, clock_gettime).</summary>
internal static unsafe partial class Native
{
    private const string LibC = "libc.so.6";

    [LibraryImport(LibC, EntryPoint = "mount", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int Mount(string source, string target, string? fsType, ulong flags, string? data);

    [LibraryImport(LibC, EntryPoint = "umount2", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int Umount2(string target, int flags);

    [LibraryImport(LibC, EntryPoint = "reboot", SetLastError = true)]
    internal static partial int Reboot(int command);

    [LibraryImport(LibC, EntryPoint = "ioctl", SetLastError = true)]
    internal static partial int Ioctl(int fd, nuint request, nint argument);

    [LibraryImport(LibC, EntryPoint = "sync")]
    internal static partial void Sync();

    [LibraryImport(LibC, EntryPoint = "prctl", SetLastError = true)]
    internal static partial int Prctl(int option, nuint arg2, nuint arg3, nuint arg4, nuint arg5);

    [LibraryImport(LibC, EntryPoint = "kill", SetLastError = true)]
    internal static partial int Kill(int pid, int signal);

    [LibraryImport(LibC, EntryPoint = "sethostname", SetLastError = true)]
    internal static partial int SetHostname(byte* name, nuint length);

    [LibraryImport(LibC, EntryPoint = "symlink", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int Symlink(string target, string linkPath);

    [LibraryImport(LibC, EntryPoint = "execv", SetLastError = true)]
    internal static partial int Execv(byte* path, byte** argv);

    [LibraryImport(LibC, EntryPoint = "clock_gettime", SetLastError = true)]
    internal static partial int ClockGettime(int clock, Timespec* time);

    /// <summary>struct timespec on 64-bit Linux.</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal struct Timespec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    internal const int MNT_DETACH = 2;
    internal const int RB_AUTOBOOT = 0x01234567;
    internal const int RB_HALT_SYSTEM = unchecked((int)0xcdef0123);
    internal const int RB_POWER_OFF = 0x4321fedc;
    internal const int RB_DISABLE_CAD = 0;
    internal const int PR_SET_CHILD_SUBREAPER = 36;
    internal const int CLOCK_BOOTTIME = 7;
}
