namespace InitOS.Core.Boot;

/// <summary>What to do after the system engine failed to start.</summary>
public enum EngineRecoveryAction
{
    /// <summary>Try again over the same data root, after the backoff delay.</summary>
    Retry,

    /// <summary>Move the data root aside (kept, newest only) and start over a fresh one.</summary>
    MoveDataRootAside,

    /// <summary>Put a tmpfs over the data root and start from memory.</summary>
    UseMemory,

    /// <summary>Stop trying: the boot step fails (recovery console).</summary>
    GiveUp,
}
