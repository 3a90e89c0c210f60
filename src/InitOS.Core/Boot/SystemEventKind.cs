namespace InitOS.Core.Boot;

/// <summary>What happened, for the supervisor loop.</summary>
public enum SystemEventKind
{
    /// <summary>A signal arrived at PID 1.</summary>
    Signal,
    /// <summary>The system engine process exited.</summary>
    EngineExited,
    /// <summary>An orderly shutdown was asked for (power command, power button, crash policy).</summary>
    ShutdownRequested,
}
