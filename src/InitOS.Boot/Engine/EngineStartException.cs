namespace InitOS.Boot.Engine;

/// <summary>An engine did not become ready: it exited, or did not answer before its deadline.</summary>
public sealed class EngineStartException : Exception
{
    /// <summary>Creates the exception.</summary>
    public EngineStartException(string engine, string reason)
        : base($"Engine '{engine}' did not become ready: {reason}")
    {
        Engine = engine;
    }

    /// <summary>The engine's role name.</summary>
    public string Engine { get; }
}
