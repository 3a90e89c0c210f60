using System.Diagnostics;
using InitOS.Core.Ports;

namespace InitOS.Platform.Processes;

/// <summary>An engine daemon started through <see cref="Process"/> (so the runtime tracks its exit).</summary>
internal sealed class EngineHandle : IEngineHandle
{
    private readonly Process _process;
    private readonly StreamWriter? _log;

    internal EngineHandle(Process process, StreamWriter? log)
    {
        _process = process;
        _log = log;
        Pid = process.Id;
        Exited = WaitAsync();
    }

    public int Pid { get; }

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
        _log?.Dispose();
    }

    private async Task<int> WaitAsync()
    {
        await _process.WaitForExitAsync().ConfigureAwait(false);
        return _process.ExitCode;
    }
}
