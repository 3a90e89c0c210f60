using InitOS.Core.Ports;

namespace InitOS.TestKit;

/// <summary>A running fake engine: alive until <see cref="Exit"/> or a signal (which exits with 128 + signal).</summary>
public sealed class FakeEngineHandle(int pid) : IEngineHandle
{
    private readonly TaskCompletionSource<int> _exit = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The signals received, in order.</summary>
    public List<int> Signals { get; } = [];

    /// <inheritdoc/>
    public int Pid => pid;

    /// <inheritdoc/>
    public bool IsAlive => !_exit.Task.IsCompleted;

    /// <inheritdoc/>
    public Task<int> Exited => _exit.Task;

    /// <summary>Ends the process with <paramref name="status"/>.</summary>
    public void Exit(int status) => _exit.TrySetResult(status);

    /// <inheritdoc/>
    public void Signal(int signal)
    {
        lock (Signals)
        {
            Signals.Add(signal);
        }
        Exit(128 + signal);
    }

    /// <inheritdoc/>
    public void Dispose()
    {
    }
}
