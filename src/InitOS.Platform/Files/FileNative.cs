using System.Runtime.InteropServices;

namespace InitOS.Platform.Files;

/// <summary>
/// The *at(2) calls that write below a directory file descriptor without following symlinks. Declared here (not
/// taken from Tmds.LibC) so that every call reports errno the same way, through
/// <see cref="Marshal.GetLastPInvokeError"/>; the flag values come from Tmds.LibC so none is copied by hand.
/// </summary>
internal static unsafe partial class FileNative
{
    private const string LibC = "libc.so.6";

    [LibraryImport(LibC, EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int Open(string path, int flags, int mode);

    [LibraryImport(LibC, EntryPoint = "openat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int OpenAt(int dirFd, string name, int flags, int mode);

    [LibraryImport(LibC, EntryPoint = "mkdirat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int MkdirAt(int dirFd, string name, int mode);

    [LibraryImport(LibC, EntryPoint = "renameat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int RenameAt(int fromDirFd, string from, int toDirFd, string to);

    [LibraryImport(LibC, EntryPoint = "unlinkat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int UnlinkAt(int dirFd, string name, int flags);

    [LibraryImport(LibC, EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int Statx(int dirFd, string name, int flags, uint mask, StatxBuffer* buffer);

    [LibraryImport(LibC, EntryPoint = "fchmod", SetLastError = true)]
    internal static partial int Fchmod(int fd, int mode);

    [LibraryImport(LibC, EntryPoint = "fchown", SetLastError = true)]
    internal static partial int Fchown(int fd, int uid, int gid);

    [LibraryImport(LibC, EntryPoint = "fsync", SetLastError = true)]
    internal static partial int Fsync(int fd);

    [LibraryImport(LibC, EntryPoint = "rename", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int Rename(string from, string to);

    [LibraryImport(LibC, EntryPoint = "sync")]
    internal static partial void Sync();

    [LibraryImport(LibC, EntryPoint = "write", SetLastError = true)]
    internal static partial nint Write(int fd, byte* buffer, nuint count);

    [LibraryImport(LibC, EntryPoint = "close")]
    internal static partial int Close(int fd);

    [LibraryImport(LibC, EntryPoint = "geteuid")]
    internal static partial int GetEuid();

    [LibraryImport(LibC, EntryPoint = "getegid")]
    internal static partial int GetEgid();

    /// <summary>struct statx: the same layout on every architecture (linux/stat.h), 256 bytes.</summary>
    [StructLayout(LayoutKind.Explicit, Size = 256)]
    internal struct StatxBuffer
    {
        [FieldOffset(16)] public uint Nlink;
        [FieldOffset(20)] public uint Uid;
        [FieldOffset(24)] public uint Gid;
        [FieldOffset(28)] public ushort Mode;
    }

    /// <summary>STATX_TYPE | STATX_MODE | STATX_NLINK | STATX_UID | STATX_GID.</summary>
    internal const uint StatxBasic = 0x1 | 0x2 | 0x4 | 0x8 | 0x10;
}
