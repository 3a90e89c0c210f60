namespace InitOS;

/// <summary>The one InitOS executable: picks a personality from argv[0] (or the first argument when
/// called as <c>initos</c>) and runs it.</summary>
public static class Program
{
    /// <summary>Entry point.</summary>
    public static int Main(string[] args)
    {
        var (personality, rest) = Personality.Resolve(Environment.GetCommandLineArgs()[0], args);
        return personality switch
        {
            "ros" => Ros.RosMain.Run(rest, Composition.RosContext()),
            "init" => InitMain.Run(),
            "system-docker" => SystemDockerMain.Run(rest),
            "reboot" or "poweroff" or "halt" or "shutdown" => PowerMain.Run(personality, rest),
            "cloud-init-save" => CloudInitMain.Save(rest),
            "cloud-init-execute" => CloudInitMain.Execute(rest),
            "ntp-init" => NtpInitMain.Run(rest),
            "netconf" => NetconfMain.Run(rest),
            "console-init" => ConsoleInitMain.Run(rest),
            "syslog-init" => SyslogInitMain.Run(rest),
            "docker-init" => DockerInitMain.Run(rest),
            _ => Unknown(personality),
        };
    }

    private static int Unknown(string personality)
    {
        Console.Error.WriteLine($"initos: unknown personality '{personality}' (known: {string.Join(", ", Personality.Known)})");
        return 2;
    }
}
