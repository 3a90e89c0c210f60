namespace InitOS.Core.Ports;

/// <summary>
/// The file effects of cloud-init-execute, with ownership: every path is a system path mapped under the root
/// (<c>INITOS_ROOT</c>).
/// </summary>
public interface IHostFiles
{
    /// <summary>True when the store is rooted somewhere other than <c>/</c> (a test or install tree).</summary>
    bool IsRooted { get; }

    /// <summary>Maps a system path under the root.</summary>
    string Resolve(string path);

    /// <summary>True when something exists at <paramref name="path"/>.</summary>
    bool Exists(string path);

    /// <summary>
    /// Replaces a file atomically (temp file in the same directory, fsync, rename) with
    /// <paramref name="mode"/> and owner <paramref name="uid"/>:<paramref name="gid"/>; missing parents are created
    /// 0755 root. A symlink on the way (or at the target) that root does not own in a directory only root can change
    /// is refused with an <see cref="IOException"/> naming it, as is a target with more than one hard link in a
    /// directory a user can change.
    /// </summary>
    void WriteFile(string path, byte[] content, UnixFileMode mode, int uid, int gid);

    /// <summary>
    /// Creates a directory and missing parents, then sets the directory's mode and owner through its open descriptor;
    /// symlinks are refused as for <see cref="WriteFile"/>.
    /// </summary>
    void MakeDirectory(string path, UnixFileMode mode, int uid, int gid);

    /// <summary>Writes <paramref name="value"/> into an existing file in place (procfs); never creates it.</summary>
    void WriteInPlace(string path, string value);

    /// <summary>
    /// Replaces the whole content of a file without replacing the file: opens it (created 0644 root only when
    /// missing), truncates, writes <paramref name="content"/> in one write and fsyncs. For a file bind-mounted on
    /// its own into containers (<c>/etc/hosts</c>): a rename would leave every such mount on the old inode. Owner
    /// and mode of an existing file are kept.
    /// </summary>
    void RewriteInPlace(string path, byte[] content);

    /// <summary>True when <paramref name="path"/> is a regular file (symlinks followed) with an execute bit set.</summary>
    bool IsExecutable(string path);

    /// <summary>Makes <paramref name="linkPath"/> a symlink to <paramref name="target"/>, replacing what is there atomically.</summary>
    void ReplaceSymlink(string linkPath, string target);
}
