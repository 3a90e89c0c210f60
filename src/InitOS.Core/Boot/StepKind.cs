namespace InitOS.Core.Boot;

/// <summary>Whether a boot step's failure stops the boot.</summary>
public enum StepKind
{
    /// <summary>A failure brings up the recovery console.</summary>
    Required,
    /// <summary>A failure is logged with ", continuing" and the step counts as degraded.</summary>
    BestEffort,
}
