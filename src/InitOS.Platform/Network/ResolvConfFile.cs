using System.Text;
using InitOS.Core.Ports;
using InitOS.Platform.Files;

namespace InitOS.Platform.Network;

/// <summary>Writes <c>/etc/resolv.conf</c> for netconf.</summary>
public static class ResolvConfFile
{
    /// <summary>The file, as a system path under the store's root.</summary>
    public const string Path = "/etc/resolv.conf";

    /// <summary>The lock every writer of the file takes.</summary>
    public const string LockPath = "/run/lock/initos-resolv.conf.lock";

    /// <summary>
    /// Writes <paramref name="content"/> into the existing file IN PLACE, under <see cref="LockPath"/>: opens it
    /// with truncation (same inode), writes the whole text in one call and fsyncs. Returns false when the file
    /// already held exactly this text (then nothing is written).
    /// <para>
    /// Why not the usual write-temp-and-rename: <c>/etc/resolv.conf</c> is bind-mounted as a single file into
    /// every system service container (system-volumes). A bind mount pins the inode; renaming a new file over
    /// the path gives the host a new inode while every container keeps seeing the old one, so they would never
    /// see a DNS change. Writing in place keeps the inode. The cost is a short window where a reader can see a
    /// truncated or partial file; building the whole content first and writing it with one call keeps that
    /// window to one write(2), and the lock keeps two writers from interleaving.
    /// </para>
    /// </summary>
    public static bool WriteInPlace(IFileStore files, string content)
    {
        using var held = files.Lock(LockPath);
        var target = files.Resolve(Path);
        if (files.ReadText(Path) == content)
        {
            return false;
        }
        InPlaceFile.Write(target, Encoding.UTF8.GetBytes(content));
        return true;
    }
}
