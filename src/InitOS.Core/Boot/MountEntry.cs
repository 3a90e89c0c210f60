namespace InitOS.Core.Boot;

/// <summary>One mount of the boot's mount table.</summary>
/// <param name="Source">The device or pseudo source (<c>proc</c>, <c>/state/home</c>).</param>
/// <param name="Target">Where it is mounted.</param>
/// <param name="FsType">The filesystem type; empty for bind mounts.</param>
/// <param name="Flags">mount(2) flags.</param>
/// <param name="Data">Filesystem options (<c>mode=0755</c>), or null.</param>
/// <param name="Kind">Whether a failure stops the boot.</param>
public sealed record MountEntry(string Source, string Target, string FsType, MountFlags Flags, string? Data, StepKind Kind)
{
    /// <summary>The flags and data as one comma-separated option list, as in /proc/mounts.</summary>
    public string Options
    {
        get
        {
            var parts = new List<string>();
            if (Flags.HasFlag(MountFlags.ReadOnly)) parts.Add("ro");
            if (Flags.HasFlag(MountFlags.NoSuid)) parts.Add("nosuid");
            if (Flags.HasFlag(MountFlags.NoDev)) parts.Add("nodev");
            if (Flags.HasFlag(MountFlags.NoExec)) parts.Add("noexec");
            if (Flags.HasFlag(MountFlags.RelAtime)) parts.Add("relatime");
            if (Flags.HasFlag(MountFlags.Bind)) parts.Add(Flags.HasFlag(MountFlags.Recursive) ? "rbind" : "bind");
            if (Flags.HasFlag(MountFlags.Shared)) parts.Add("shared");
            if (Flags.HasFlag(MountFlags.Private)) parts.Add("private");
            if (!string.IsNullOrEmpty(Data)) parts.Add(Data);
            return string.Join(',', parts);
        }
    }

    /// <summary>One line for logs and tests: <c>mount proc on '/proc' nosuid,nodev,noexec</c>.</summary>
    public override string ToString() => $"mount {(FsType.Length > 0 ? FsType : Source)} on '{Target}' {Options}".TrimEnd();
}
