using System.Globalization;

namespace InitOS.Core.Services;

/// <summary>
/// Whether a long-running service is doing its job, judged from its container as the engine reports it
/// some time after start: a service that exited, crash-loops (the engine restarting it with its back-off) or
/// lost its container is failing, and the message says why in the words an operator needs (exit status and
/// its usual meaning, the engine's error, the last line the service printed).
/// </summary>
public static class ServiceHealth
{
    /// <summary>
    /// The failure of <paramref name="service"/>, or null when it is healthy (or not a long-running service:
    /// volume containers and one-shots are judged by the boot itself). <paramref name="lastOutput"/> is the
    /// service's output, of which the last non-empty line is quoted.
    /// </summary>
    public static string? Failure(ServiceDefinition service, ContainerInfo? container, string lastOutput = "")
    {
        if (service.CreateOnly || !service.Detach)
        {
            return null;
        }
        if (container is null)
        {
            return "its container does not exist";
        }
        var failing = container.State is not "running" || container.RestartCount > 0;
        if (!failing)
        {
            return null;
        }
        var what = container.State switch
        {
            "restarting" or "running" => string.Create(CultureInfo.InvariantCulture,
                $"restarted {container.RestartCount} time{(container.RestartCount == 1 ? "" : "s")}, last exit status {container.ExitCode} ({ExitReason(container.ExitCode, container.OomKilled)})"),
            "created" => "created but never started",
            _ => string.Create(CultureInfo.InvariantCulture, $"{container.State} with status {container.ExitCode} ({ExitReason(container.ExitCode, container.OomKilled)})"),
        };
        if (container.Error.Length > 0)
        {
            what += $"; engine: {Shorten(container.Error)}";
        }
        var line = lastOutput.Split('\n').Select(l => l.Trim()).LastOrDefault(l => l.Length > 0);
        if (line is not null)
        {
            what += $"; last output: {Shorten(line)}";
        }
        return what;
    }

    /// <summary>The usual meaning of a container's exit status.</summary>
    public static string ExitReason(long status, bool oomKilled = false) => status switch
    {
        _ when oomKilled => "killed: out of memory",
        0 => "exited normally",
        126 => "command cannot be executed",
        127 => "command not found",
        137 => "killed by SIGKILL",
        143 => "stopped by SIGTERM",
        > 128 and < 160 => string.Create(CultureInfo.InvariantCulture, $"killed by signal {status - 128}"),
        _ => "failed",
    };

    private static string Shorten(string text) => text.Length <= 200 ? text : text[..197] + "...";
}
