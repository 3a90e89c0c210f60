using System.ComponentModel;
using System.Diagnostics;
using InitOS.Core.Ports;

namespace InitOS.Platform.Processes;

/// <summary><see cref="IChildLauncher"/> over <see cref="Process"/> (the runtime reaps them); SIGTERM through <see cref="ISyscalls.Kill"/>.</summary>
public sealed class ProcessChildLauncher : IChildLauncher
{
    private const int SigTerm = 15;
    private readonly ISyscalls _syscalls;

    /// <summary>Creates the launcher.</summary>
    public ProcessChildLauncher(ISyscalls syscalls)
    {
        _syscalls = syscalls;
    }

    /// <inheritdoc/>
    public IRunningChild? Start(string program, IReadOnlyList<string> arguments, out string? error)
    {
        var info = new ProcessStartInfo(program) { UseShellExecute = false };
        foreach (var a in arguments)
        {
            info.ArgumentList.Add(a);
        }
        var process = new Process { StartInfo = info };
        try
        {
            process.Start();
        }
        catch (Win32Exception e)
        {
            process.Dispose();
            error = e.Message;
            return null;
        }
        error = null;
        return new Child(process, _syscalls);
    }

    private sealed class Child : IRunningChild
    {
        private readonly Process _process;
        private readonly ISyscalls _syscalls;

        public Child(Process process, ISyscalls syscalls)
        {
            _process = process;
            _syscalls = syscalls;
            Id = process.Id;
            Exited = WaitAsync();
        }

        public int Id { get; }

        public Task<int> Exited { get; }

        public void Terminate() => _ = _syscalls.Kill(Id, SigTerm);

        public void Kill()
        {
            try
            {
                _process.Kill();
            }
            catch (InvalidOperationException)
            {
                // Already gone.
            }
        }

        public void Dispose() => _process.Dispose();

        private async Task<int> WaitAsync()
        {
            await _process.WaitForExitAsync().ConfigureAwait(false);
            return _process.ExitCode;
        }
    }
}
