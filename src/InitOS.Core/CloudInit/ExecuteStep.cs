namespace InitOS.Core.CloudInit;

/// <summary>
/// One effect cloud-init-execute performs, as data. Steps sharing a <see cref="Group"/> stop at the first
/// failure (a failed <c>runcmd</c> entry skips the rest of <c>runcmd</c>, a failed <c>growpart</c> skips the
/// stamp).
/// </summary>
/// <param name="Group">Failure group (<c>runcmd</c>, <c>bootcmd</c>, <c>resize</c>); <c>null</c> for independent steps.</param>
public abstract record ExecuteStep(string? Group)
{
    /// <summary>Human description for the log.</summary>
    public abstract string Describe();

    /// <summary>Replaces a file atomically (parents created 0755 unless they exist), then sets its owner.</summary>
    public sealed record WriteFile(string Path, byte[] Content, UnixFileMode Mode, int Uid, int Gid, string? Group = null) : ExecuteStep(Group)
    {
        /// <inheritdoc/>
        public override string Describe() => $"Write '{Path}' ({Content.Length} bytes, {Convert.ToString((int)Mode, 8).PadLeft(4, '0')}, {Uid}:{Gid})";
    }

    /// <summary>
    /// Rewrites an existing file in place (truncate, one write, fsync; created only when missing): for a file that
    /// is bind-mounted on its own into containers (<c>/etc/hosts</c>), which a rename would detach from them.
    /// </summary>
    public sealed record RewriteInPlace(string Path, byte[] Content) : ExecuteStep((string?)null)
    {
        /// <inheritdoc/>
        public override string Describe() => $"Rewrite '{Path}' in place ({Content.Length} bytes)";
    }

    /// <summary>Creates a directory (and parents) and sets its mode and owner.</summary>
    public sealed record MakeDirectory(string Path, UnixFileMode Mode, int Uid, int Gid) : ExecuteStep((string?)null)
    {
        /// <inheritdoc/>
        public override string Describe() => $"Create directory '{Path}'";
    }

    /// <summary>Writes a kernel setting in place (<c>/proc/sys/…</c>; not atomic, not created).</summary>
    public sealed record WriteKernelSetting(string Path, string Value) : ExecuteStep((string?)null)
    {
        /// <inheritdoc/>
        public override string Describe() => $"Set '{Path}' to '{Value}'";
    }

    /// <summary>sethostname(2).</summary>
    public sealed record SetHostname(string Name) : ExecuteStep((string?)null)
    {
        /// <inheritdoc/>
        public override string Describe() => $"Set hostname to '{Name}'";
    }

    /// <summary>Points a symlink at <paramref name="Target"/>, replacing what is there; skipped with an error when
    /// <paramref name="Target"/> does not exist.</summary>
    public sealed record Symlink(string Link, string Target) : ExecuteStep((string?)null)
    {
        /// <inheritdoc/>
        public override string Describe() => $"Link '{Link}' to '{Target}'";
    }

    /// <summary>Runs a program (argv[0] looked up on PATH). <paramref name="MapArguments"/>: the absolute paths among
    /// the arguments are system paths that a rooted run (a test tree) maps under its root (<c>ssh-keygen -f</c>).</summary>
    public sealed record Run(string What, IReadOnlyList<string> Argv, string? Group = null, bool MapArguments = false) : ExecuteStep(Group)
    {
        /// <inheritdoc/>
        public override string Describe() => $"Run {What}: {string.Join(' ', Argv.Select(a => a.Contains(' ') ? $"'{a}'" : a))}";
    }
}
