namespace InitOS;

/// <summary>Maps the name the binary was started under to one of its personalities.</summary>
public static class Personality
{
    /// <summary>The personalities this binary answers to.</summary>
    public static readonly string[] Known = ["ros", "init", "system-docker", "reboot", "poweroff", "halt", "shutdown", "cloud-init-save", "cloud-init-execute", "ntp-init", "netconf", "console-init", "syslog-init", "docker-init"];

    /// <summary>
    /// Resolves the personality: the basename of argv[0], except that <c>initos</c> takes it from the
    /// first argument (<c>initos ros config get</c>; also <c>dotnet initos.dll …</c>, as the tests run it). Unknown names fall back to <c>ros</c>, as RancherOS's
    /// multicall binary does.
    /// </summary>
    public static (string Name, string[] Args) Resolve(string argv0, string[] args)
    {
        var name = Path.GetFileName(argv0);
        if (name is "initos" or "initos.dll")
        {
            if (args.Length > 0 && Known.Contains(args[0]))
            {
                return (args[0], args[1..]);
            }
            return ("ros", args);
        }
        return (Known.Contains(name) ? name : "ros", args);
    }
}
