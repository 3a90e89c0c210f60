namespace InitOS.Core.Tls;

/// <summary>Stored or given TLS material cannot be used (a PEM that does not parse, a key that does not match).</summary>
public sealed class TlsMaterialException : Exception
{
    /// <summary>Creates the exception; <paramref name="message"/> never holds key material.</summary>
    public TlsMaterialException(string message, Exception? inner = null) : base(message, inner)
    {
    }
}
