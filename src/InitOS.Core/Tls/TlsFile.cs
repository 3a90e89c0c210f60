namespace InitOS.Core.Tls;

/// <summary>One file of a TLS set.</summary>
/// <param name="Path">Absolute path.</param>
/// <param name="Kind">What it holds.</param>
/// <param name="Mode">Its permissions: keys 0400, certificates 0444.</param>
public sealed record TlsFile(string Path, TlsFileKind Kind, UnixFileMode Mode)
{
    /// <summary>Whether the file holds a private key.</summary>
    public bool IsKey => Kind is TlsFileKind.CaKey or TlsFileKind.Key;
}
