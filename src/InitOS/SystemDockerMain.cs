using InitOS.Platform.Linux;

namespace InitOS;

/// <summary>The <c>system-docker</c> personality: the docker CLI pointed at the system engine's socket.</summary>
public static class SystemDockerMain
{
    /// <summary>The system engine's endpoint.</summary>
    public const string Host = "unix:///var/run/system-docker.sock";

    /// <summary>Execs <c>docker -H unix:///var/run/system-docker.sock args…</c>; returns only on failure.</summary>
    public static int Run(string[] args)
    {
        var docker = ProcessExec.Which("docker");
        if (docker == null)
        {
            Console.Error.WriteLine("system-docker: the docker CLI is not on PATH");
            return 127;
        }
        var error = ProcessExec.Exec(docker, ["docker", "-H", Host, .. args]);
        Console.Error.WriteLine($"system-docker: cannot run '{docker}': {error}");
        return 126;
    }
}
