namespace InitOS.Core.Ports;

/// <summary>A child started by <see cref="IChildLauncher"/>.</summary>
public interface IRunningChild : IDisposable
{
    /// <summary>Its process id.</summary>
    int Id { get; }

    /// <summary>Completes with the exit status when the child has ended (and been reaped).</summary>
    Task<int> Exited { get; }

    /// <summary>Asks it to end (SIGTERM).</summary>
    void Terminate();

    /// <summary>Ends it (SIGKILL).</summary>
    void Kill();
}
