using System.ComponentModel;
using System.Diagnostics;
using System.Text;
using InitOS.Core.Ports;
using InitOS.Core.Timing;

namespace InitOS.Platform.Processes;

/// <summary><see cref="IProgramRunner"/> over <see cref="Process"/>.</summary>
public sealed class ProgramRunner : IProgramRunner
{
    /// <summary>The clock of the run's timeout.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <inheritdoc/>
    public async Task<(int ExitCode, string Output)> RunAsync(string program, IReadOnlyList<string> arguments, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo(program)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        foreach (var a in arguments)
        {
            info.ArgumentList.Add(a);
        }
        using var process = new Process { StartInfo = info };
        var output = new StringBuilder();
        void Collect(object? _, DataReceivedEventArgs e)
        {
            if (e.Data != null)
            {
                lock (output)
                {
                    output.Append(e.Data).Append('\n');
                }
            }
        }
        process.OutputDataReceived += Collect;
        process.ErrorDataReceived += Collect;
        try
        {
            process.Start();
        }
        catch (Win32Exception e)
        {
            return (127, $"{program}: {e.Message}");
        }
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var cts = new Deadline(timeout, Time, cancellationToken);
        try
        {
            await process.WaitForExitAsync(cts.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
            lock (output)
            {
                return (124, output.ToString());
            }
        }
        lock (output)
        {
            return (process.ExitCode, output.ToString());
        }
    }

    /// <inheritdoc/>
    public int RunOnConsole(string program, IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string> environment)
    {
        var info = new ProcessStartInfo(program) { UseShellExecute = false };
        foreach (var a in arguments)
        {
            info.ArgumentList.Add(a);
        }
        foreach (var (k, v) in environment)
        {
            info.Environment[k] = v;
        }
        try
        {
            using var process = Process.Start(info);
            if (process == null)
            {
                return 127;
            }
            process.WaitForExit();
            return process.ExitCode;
        }
        catch (Win32Exception)
        {
            return 127;
        }
    }
}
