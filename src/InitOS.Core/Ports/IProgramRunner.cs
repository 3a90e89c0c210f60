namespace InitOS.Core.Ports;

/// <summary>Runs a helper program to completion (mkfs, modprobe) with a deadline.</summary>
public interface IProgramRunner
{
    /// <summary>
    /// Runs <paramref name="program"/> and returns its exit code and combined output; a program that
    /// cannot be started returns exit code 127, one past its deadline is killed and returns 124.
    /// </summary>
    Task<(int ExitCode, string Output)> RunAsync(string program, IReadOnlyList<string> arguments, TimeSpan timeout, CancellationToken cancellationToken);

    /// <summary>
    /// Runs an interactive program on the console (the recovery shell) and waits for it to end.
    /// Returns its exit code, or 127 when it cannot be started.
    /// </summary>
    int RunOnConsole(string program, IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string> environment);
}
