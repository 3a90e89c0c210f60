using InitOS.Core.Config;
using InitOS.Core.Ntp;
using InitOS.Platform.Files;
using InitOS.Platform.Linux;

namespace InitOS;

/// <summary>
/// The <c>ntp-init</c> personality, the command of the <c>ntp</c> system service: writes chrony's
/// configuration from the merged config (<see cref="ChronyConfig"/>) inside the service's own root, then
/// becomes <c>chronyd -d</c>. A restart of the service (<c>system-docker restart ntp</c>) applies a changed
/// <c>ntp</c> key.
/// </summary>
public static class NtpInitMain
{
    private const string Usage = """
        usage: ntp-init [--dry-run | --check-image]
          Writes /etc/chrony/chrony.conf from the configuration (ntp.servers, ntp.pools; Debian's pool when
          neither is set), then runs chronyd in the foreground. Entries that are not host names or addresses
          are reported and skipped.
          --dry-run       print the file that would be written and exit
          --check-image   check that this image has chronyd and chronyc, and exit
        """;

    private const UnixFileMode Mode0644 = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
    private const UnixFileMode Mode0755 = Mode0644 | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;

    /// <summary>chronyd's pid file (Debian's default), under the host's shared /run.</summary>
    public const string PidFile = "/run/chrony/chronyd.pid";

    /// <summary>What <c>--check-image</c> requires: the daemon and the client users query it with.</summary>
    public static readonly ImageCheck.Requirement[] Requires = [new("chronyd", ["-v"]), new("chronyc", ["-v"])];

    /// <summary>Runs the personality; returns only on failure (or after <c>--dry-run</c>).</summary>
    public static int Run(string[] args)
    {
        var dryRun = false;
        foreach (var arg in args)
        {
            switch (arg)
            {
                case "--dry-run":
                    dryRun = true;
                    break;
                case "--check-image" when args.Length == 1:
                    return ImageCheck.Run("ntp-init", Requires);
                case "-h" or "--help":
                    Console.Out.Write(Usage);
                    return 0;
                default:
                    Console.Error.Write($"ntp-init: unknown argument '{arg}'\n{Usage}");
                    return 2;
            }
        }
        var files = RootedFileStore.FromEnvironment();
        var config = ConfigLoader.Load(files);
        foreach (var diagnostic in config.Diagnostics)
        {
            Console.Error.WriteLine($"ntp-init: config: {InitOS.Core.Boot.Redact.Text(diagnostic.ToString())}");
        }
        var chrony = ChronyConfig.From(config.Tree);
        foreach (var problem in chrony.Problems)
        {
            Console.Error.WriteLine($"ntp-init: {problem}");
        }
        foreach (var key in chrony.Unapplied)
        {
            Console.Error.WriteLine($"ntp-init: not applying {key}");
        }
        if (dryRun)
        {
            Console.Out.Write(chrony.Text);
            return 0;
        }
        files.WriteAtomic(ChronyConfig.Path, chrony.Text, Mode0644, Mode0755);
        files.EnsureDirectory("/run/chrony", Mode0755);
        // /run is the host's, shared with every service: a chronyd that was killed (its container recreated after
        // an upgrade changed the service, or a crash) leaves its pid file behind, naming pid 1 of its own pid
        // namespace; the next chronyd, pid 1 again in a new container, then takes itself for a running chronyd and
        // exits ("Another chronyd may already be running (pid=1)"), forever. This service runs the only chronyd.
        files.Delete(PidFile);
        Console.Out.WriteLine($"ntp-init: chrony uses {string.Join(", ", chrony.Servers.Select(s => "server " + s).Concat(chrony.Pools.Select(p => "pool " + p)))}");
        var chronyd = ProcessExec.Which("chronyd") ?? "/usr/sbin/chronyd";
        var error = ProcessExec.Exec(chronyd, ["chronyd", "-d", "-f", files.Resolve(ChronyConfig.Path)]);
        Console.Error.WriteLine($"ntp-init: cannot run '{chronyd}': {error}");
        return 126;
    }
}
