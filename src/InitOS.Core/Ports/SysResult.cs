namespace InitOS.Core.Ports;

/// <summary>
/// The outcome of one system call: success, or the errno it failed with and that errno's symbolic
/// name (<c>EBUSY</c>). Expected failures travel as values; only programming errors throw.
/// </summary>
/// <param name="Errno">The errno value; 0 on success.</param>
/// <param name="ErrnoName">The symbolic name of <paramref name="Errno"/>; empty on success.</param>
public readonly record struct SysResult(int Errno, string ErrnoName)
{
    /// <summary>Success.</summary>
    public static SysResult Ok => default;

    /// <summary>True when the call succeeded.</summary>
    public bool IsOk => Errno == 0;

    /// <summary>Errno of an already-mounted or busy target.</summary>
    public const int EBUSY = 16;

    /// <summary>Errno of a missing file, device or filesystem type.</summary>
    public const int ENOENT = 2;

    /// <summary>Errno of an unknown filesystem type.</summary>
    public const int ENODEV = 19;

    /// <summary>Errno of an existing path.</summary>
    public const int EEXIST = 17;

    /// <summary>Errno of a target that is not mounted.</summary>
    public const int EINVAL = 22;

    /// <summary>Errno of a signal with no process to receive it.</summary>
    public const int ESRCH = 3;

    /// <inheritdoc/>
    public override string ToString() => IsOk ? "ok" : ErrnoName;
}
