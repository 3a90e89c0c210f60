namespace InitOS.Boot.Services;

/// <summary>How bringing up one service ended.</summary>
public enum ServiceOutcome
{
    /// <summary>Running.</summary>
    Running,
    /// <summary>Created, not started (createonly).</summary>
    Created,
    /// <summary>A one-shot that ran to completion with status 0.</summary>
    Completed,
    /// <summary>A one-shot that exited non-zero (dependants still start).</summary>
    CompletedWithError,
    /// <summary>Could not be brought up.</summary>
    Failed,
    /// <summary>Not attempted because a dependency failed.</summary>
    Skipped,
}
