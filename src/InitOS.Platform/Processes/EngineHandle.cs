using System.Diagnostics;
using InitOS.Core.Ports;

namespace InitOS.Platform.Processes;

/// <summary>An engine daemon started through <see cref="Process"/> (so the runtime tracks its exit).</summary>
internal sealed class EngineHandle : IEngineHandle
{
    private readonly Process _process;
    private Action? _release;

    internal EngineHandle(Process process, Action? release, Task? pumps = null)
    {
        _process = process;
        _release = release;
        Pumps = pumps ?? Task.CompletedTask;
        Pid = process.Id;
        Exited = WaitAsync();
    }

    public int Pid { get; }

    /// <summary>Completes when the output copiers reached the end of the pipes.</summary>
    internal Task Pumps { get; }

    public bool IsAlive => !Exited.IsCompleted;

    public Task<int> Exited { get; }

    public void Signal(int signal)
    {
        if (IsAlive)
        {
            _ = Linux.Native.Kill(Pid, signal);
        }
    }

    public void Dispose()
    {
        _process.Dispose();
        Interlocked.Exchange(ref _release, null)?.Invoke();
    }

    private async Task<int> WaitAsync()
    {
        await _process.WaitForExitAsync().ConfigureAwait(false);
        return _process.ExitCode;
    }
}
