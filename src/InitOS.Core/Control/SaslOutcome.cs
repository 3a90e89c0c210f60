namespace InitOS.Core.Control;

/// <summary>Where a <see cref="SaslServer"/> exchange stands after a chunk of input.</summary>
public enum SaslOutcome
{
    /// <summary>The exchange goes on: send the replies, then read more.</summary>
    Continue,
    /// <summary>The client sent <c>BEGIN</c> after a successful <c>AUTH</c>: the bytes after it are D-Bus messages.</summary>
    Authenticated,
    /// <summary>The client broke the protocol or its limits: send the replies (if any) and close.</summary>
    Failed,
}
