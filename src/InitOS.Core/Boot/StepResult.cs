namespace InitOS.Core.Boot;

/// <summary>How a boot step ended.</summary>
public enum StepResult
{
    /// <summary>Everything the step does was done.</summary>
    Ok,
    /// <summary>Part of it failed and the boot goes on without it.</summary>
    Degraded,
    /// <summary>The step failed.</summary>
    Failed,
}
