using System.Diagnostics;
using InitOS.Core.Boot;
using InitOS.Core.Config;
using InitOS.Core.Ports;
using InitOS.Core.Tls;
using InitOS.Platform.CloudInit;
using InitOS.Platform.Files;
using InitOS.Platform.Linux;
using InitOS.Platform.Logging;
using InitOS.Platform.Net;
using InitOS.Platform.Tls;
using InitOS.Ros.Tls;

namespace InitOS;

/// <summary>
/// The <c>docker-init</c> personality: the command of the <c>docker</c> service (the user engine) when
/// <c>rancher.docker.tls</c> is true (<see cref="UserEngineArgv"/>). Inside the service's container, where dockerd
/// reads its files, it writes the TLS set <c>tls_args</c> points at from <c>rancher.docker.*</c>, or makes and stores
/// it (<see cref="UserEngineTlsSetup"/>), then becomes dockerd. It runs here and not in PID 1: the files must be in
/// this container's filesystem, OpenSSL is in this image, a changed key applies at the next start of the service,
/// and an RSA key generation never delays or endangers the boot. When the set cannot be made it warns on the kernel
/// log (the boot log) and starts dockerd without <c>tls_args</c>: the engine and its workloads still come up.
/// </summary>
public static class DockerInitMain
{
    private const string Usage = """
        usage: docker-init [--check-image] [--] dockerd [ARGS...]
          With rancher.docker.tls true: writes the CA certificate, server certificate and key where
          rancher.docker.tls_args points (--tlscacert, --tlscert, --tlskey) from rancher.docker.ca_cert,
          server_cert and server_key; when they are empty, makes a CA and a server certificate (names: the
          hostname, the host's addresses, localhost, 127.0.0.1, ::1) and stores them there first. Then runs
          dockerd with ARGS; without the tls_args when the certificates could not be set up.
          --check-image   check that this image has dockerd and a working OpenSSL, and exit
        """;

    /// <summary>Runs the personality; returns only when dockerd cannot be started (or after a check).</summary>
    public static int Run(string[] args)
    {
        switch (args)
        {
            case ["--check-image"]:
                return CheckImage();
            case ["-h" or "--help"]:
                Console.Out.Write(Usage);
                return 0;
            case ["--", _, ..]:
                args = args[1..];
                break;
            case [var first, ..] when !first.StartsWith('-'):
                break;
            default:
                Console.Error.Write($"docker-init: expected the dockerd command line\n{Usage}");
                return 2;
        }
        using var kmsg = KmsgLog.TryOpen();
        IBootLog log = kmsg is null ? new ConsoleLog { Threshold = SyslogLevel.Info } : new TeeLog(new ConsoleLog { Threshold = SyslogLevel.Info }, kmsg);
        var argv = SetUpTls(args, log);
        var dockerd = ProcessExec.Which(argv[0]) ?? argv[0];
        var error = ProcessExec.Exec(dockerd, argv);
        log.Write(new BootRecord(SyslogLevel.Error, $"docker-init: Failed to run '{dockerd}': {error}", Uptime()));
        return 126;
    }

    /// <summary>The dockerd argv to run: <paramref name="argv"/>, or without <c>tls_args</c> when TLS failed.</summary>
    private static IReadOnlyList<string> SetUpTls(string[] argv, IBootLog log)
    {
        var files = RootedFileStore.FromEnvironment();
        UserEngineTlsPlan? plan = null;
        try
        {
            var config = ConfigLoader.Load(files);
            plan = UserEngineTlsPlan.For(config.Tree);
            var started = Stopwatch.GetTimestamp();
            var setup = new UserEngineTlsSetup(files, new DotNetCertificateIssuer(), new LinuxHostFiles(files));
            var done = setup.Run(config.Tree, Environment.MachineName, HostAddresses.Unicast());
            log.Write(new BootRecord(SyslogLevel.Info, $"docker-init: User engine {done} in {Stopwatch.GetElapsedTime(started).TotalMilliseconds:F0} ms", Uptime()));
            return argv;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // the messages are ours or OpenSSL's: they never quote key material
            var without = UserEngineTlsPlan.WithoutTlsArgs(argv, plan?.TlsArgs ?? []);
            log.Write(new BootRecord(SyslogLevel.Warning,
                $"docker-init: Failed to set up TLS for the user engine (rancher.docker.tls): {Redact.Text(e.Message)}; starting it WITHOUT TLS and without its TCP listener, continuing",
                Uptime()));
            return without;
        }
    }

    private static int CheckImage()
    {
        // In the default engine image dockerd is a link to the system engine's, which the service mounts at run
        // time (one copy of the engine); an engine image of its own (engine-*) has a real one, which must start.
        var linked = ProcessExec.Which("dockerd") is { } path && new FileInfo(path).LinkTarget is { } target
            && target.StartsWith(BootModules.SystemMount + "/engine/", StringComparison.Ordinal) && !File.Exists(target) ? target : null;
        var failed = 0;
        if (linked is not null)
        {
            Console.Out.WriteLine($"ok   docker-init: dockerd is the system engine's ({linked}, mounted at run time)");
        }
        else
        {
            failed = ImageCheck.Run("docker-init", [new ImageCheck.Requirement("dockerd", ["--version"])]);
        }
        try
        {
            var issuer = new DotNetCertificateIssuer();
            var ca = issuer.CreateAuthority(TlsDefaults.Organization, 1);
            _ = issuer.Issue(ca, new CertificateRequestSpec(TlsRole.Server, "localhost", SubjectAltNames.For([]), 1));
            Console.Out.WriteLine("ok   docker-init: OpenSSL makes an RSA key and certificate");
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            Console.Out.WriteLine($"FAIL docker-init: OpenSSL: {e.Message}");
            failed = 1;
        }
        return failed;
    }

    private static long Uptime() => Environment.TickCount64;
}
