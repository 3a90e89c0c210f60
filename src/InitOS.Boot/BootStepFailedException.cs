namespace InitOS.Boot;

/// <summary>A required boot step failed; carries the step name and the cause.</summary>
public sealed class BootStepFailedException : Exception
{
    /// <summary>Creates the exception.</summary>
    public BootStepFailedException(string step, string reason, Exception? inner = null)
        : base($"Required boot step '{step}' failed: {reason}", inner)
    {
        Step = step;
    }

    /// <summary>The failed step.</summary>
    public string Step { get; }
}
