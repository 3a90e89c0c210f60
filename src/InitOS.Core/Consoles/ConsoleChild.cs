namespace InitOS.Core.Consoles;

/// <summary>A long-running program <c>console-init</c> keeps alive (sshd, one getty per console).</summary>
/// <param name="Name">Name for the log (<c>sshd</c>, <c>getty ttyS0</c>).</param>
/// <param name="Argv">Program (absolute path) and arguments.</param>
public sealed record ConsoleChild(string Name, IReadOnlyList<string> Argv);
