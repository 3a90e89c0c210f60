namespace InitOS.Core.Ports;

/// <summary>A running engine process.</summary>
public interface IEngineHandle : IDisposable
{
    /// <summary>Its process id.</summary>
    int Pid { get; }

    /// <summary>True while the process runs.</summary>
    bool IsAlive { get; }

    /// <summary>Completes with the exit status when the process ends.</summary>
    Task<int> Exited { get; }

    /// <summary>Sends a signal (SIGTERM = 15, SIGKILL = 9).</summary>
    void Signal(int signal);
}
