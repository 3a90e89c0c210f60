namespace InitOS.Core.Tls;

/// <summary>What the boot does about the user engine's certificates.</summary>
public enum TlsAction
{
    /// <summary><c>rancher.docker.tls</c> is off: nothing.</summary>
    None,

    /// <summary>Write the stored CA certificate and server pair where <c>tls_args</c> point.</summary>
    WriteStored,

    /// <summary>Issue a server certificate from the stored CA, store it, write the files.</summary>
    IssueServer,

    /// <summary>Generate a CA and a server certificate, store both, write the files.</summary>
    GenerateAll,

    /// <summary>The stored material cannot make a working set (<see cref="UserEngineTlsPlan.Problem"/>): start without TLS.</summary>
    Unusable,
}
