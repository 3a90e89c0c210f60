namespace InitOS.Core;

/// <summary>File modes by their octal names (C# has no octal literals; the binary groups read as rwx triples).</summary>
public static class Modes
{
    /// <summary>0600: owner read/write (private keys, authorized_keys).</summary>
    public const UnixFileMode File0600 = (UnixFileMode)0b110_000_000;

    /// <summary>0640: owner read/write, group read (<c>/etc/shadow</c> with group shadow).</summary>
    public const UnixFileMode File0640 = (UnixFileMode)0b110_100_000;

    /// <summary>0644: world-readable file.</summary>
    public const UnixFileMode File0644 = (UnixFileMode)0b110_100_100;

    /// <summary>0700: private directory.</summary>
    public const UnixFileMode Dir0700 = (UnixFileMode)0b111_000_000;

    /// <summary>0755: ordinary directory.</summary>
    public const UnixFileMode Dir0755 = (UnixFileMode)0b111_101_101;
}
