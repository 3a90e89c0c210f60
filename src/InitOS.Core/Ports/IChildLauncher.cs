namespace InitOS.Core.Ports;

/// <summary>Starts long-running children (sshd, gettys) that share the caller's stdin, stdout and stderr.</summary>
public interface IChildLauncher
{
    /// <summary>Starts <paramref name="program"/>; <c>null</c> (with the reason in <paramref name="error"/>) when it cannot be started.</summary>
    IRunningChild? Start(string program, IReadOnlyList<string> arguments, out string? error);
}
