using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using InitOS.Boot.Engine;
using InitOS.Boot.Logging;
using InitOS.Core.Boot;
using InitOS.Core.Config;
using InitOS.Platform.CloudInit;
using InitOS.Platform.Files;
using InitOS.Platform.Processes;
using InitOS.Platform.Tls;
using InitOS.Ros;
using InitOS.Ros.Tls;

namespace InitOS.Platform.IntegrationTests;

/// <summary>
/// <c>ros tls gen</c> against a real dockerd: a server set and a client set made by the command's code, a dockerd
/// started with os-config.yml's own <c>tls_args</c> (paths moved into a temp dir, the listener on 127.0.0.1 and a
/// free port), then the docker CLI: with the client set it gets the version, without a client certificate and with a
/// certificate of another CA it is refused.
/// </summary>
public sealed class TlsDockerdTests : IAsyncLifetime
{
    private readonly string _dir = Path.Join("/tmp", "initos-tls-" + Guid.NewGuid().ToString("N")[..10]);
    private SystemEngine? _engine;

    public Task InitializeAsync() => Task.CompletedTask;

    [RequiresDockerFact]
    public async Task Dockerd_with_the_tls_args_accepts_the_client_set_and_refuses_the_rest()
    {
        var root = Path.Join(_dir, "root");
        var foreignRoot = Path.Join(_dir, "foreign-root");
        var server = Path.Join(_dir, "server");
        var client = Path.Join(_dir, "client");
        var foreign = Path.Join(_dir, "foreign");
        var empty = Path.Join(_dir, "empty");
        Directory.CreateDirectory(root);
        Directory.CreateDirectory(foreignRoot);
        Directory.CreateDirectory(empty);

        Gen(root, "-s", "-d", server, "-H", "tls-test.example");
        Gen(root, "-d", client);
        Gen(foreignRoot, "-d", foreign);

        var port = FreePort();
        var osConfig = YamlText.Parse(File.ReadAllText(RepoFile("rootfs/overlay/usr/share/ros/os-config.yml")), "os-config.yml");
        var engine = (Dictionary<string, object?>)((Dictionary<string, object?>)osConfig["rancher"]!)["docker"]!;
        var tlsArgs = DockerDaemonArgs.TlsArgs(engine)
            .Select(a => a.Replace("/etc/docker/tls", server, StringComparison.Ordinal))
            .Select(a => a == "-H=0.0.0.0:2376" ? $"-H=127.0.0.1:{port}" : a)
            .ToList();
        Assert.Contains($"-H=127.0.0.1:{port}", tlsArgs);
        Assert.Contains($"--tlscert={server}/server-cert.pem", tlsArgs);
        var socket = Path.Join(_dir, "docker.sock");
        var launch = new EngineLaunch("tls-dockerd", Prerequisites.Which("dockerd")!,
        [
            "--host", "unix://" + socket,
            "--data-root", Path.Join(_dir, "data"),
            "--exec-root", Path.Join(_dir, "exec"),
            "--pidfile", Path.Join(_dir, "docker.pid"),
            "--bridge", "none",
            "--iptables=false",
            "--ip-masq=false",
            .. tlsArgs,
        ], [], socket, Path.Join(_dir, "dockerd.log"));
        var log = new BootLogger(() => Environment.TickCount64, new RingLog());
        _engine = new SystemEngine(launch, new ProcessEngineRunner(), log, TimeProvider.System,
            System.Threading.Channels.Channel.CreateUnbounded<SystemEvent>().Writer) { ReadyDeadline = TimeSpan.FromSeconds(60) };
        await _engine.StartAsync(CancellationToken.None);

        var host = $"tcp://127.0.0.1:{port}";
        var ok = await DockerAsync(empty, "--tlsverify", "--tlscacert", $"{client}/ca.pem", "--tlscert", $"{client}/cert.pem",
            "--tlskey", $"{client}/key.pem", "-H", host, "version", "--format", "{{.Server.Version}}");
        Assert.True(ok.Code == 0, ok.Output + Tail(Path.Join(_dir, "dockerd.log")));
        Assert.Matches(@"^\d+\.\d+", ok.Output.Trim());

        var noCert = await DockerAsync(empty, "--tlsverify", "--tlscacert", $"{client}/ca.pem", "-H", host, "version", "--format", "{{.Server.Version}}");
        Assert.NotEqual(0, noCert.Code);
        Assert.Contains("certificate", noCert.Output, StringComparison.OrdinalIgnoreCase);

        var otherCa = await DockerAsync(empty, "--tlsverify", "--tlscacert", $"{client}/ca.pem", "--tlscert", $"{foreign}/cert.pem",
            "--tlskey", $"{foreign}/key.pem", "-H", host, "version", "--format", "{{.Server.Version}}");
        Assert.NotEqual(0, otherCa.Code);
        Assert.Contains("certificate", otherCa.Output, StringComparison.OrdinalIgnoreCase);

        var distrusted = await DockerAsync(empty, "--tlsverify", "--tlscacert", $"{foreign}/ca.pem", "--tlscert", $"{client}/cert.pem",
            "--tlskey", $"{client}/key.pem", "-H", host, "version", "--format", "{{.Server.Version}}");
        Assert.NotEqual(0, distrusted.Code);
        Assert.Contains("certificate", distrusted.Output, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary><c>ros tls gen ARGS</c> through the command tree, with the system root at <paramref name="root"/>.</summary>
    private static void Gen(string root, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var system = new RootedFileStore(root);
        var context = new RosContext(system, new RootedFileStore("/"), TextReader.Null, output, error, new Dictionary<string, string>(), IsRoot: true)
        {
            Tls = new TlsHost(new DotNetCertificateIssuer(), new LinuxHostFiles(system), new LinuxHostFiles(new RootedFileStore("/"))),
        };
        var code = RosMain.Run(["tls", "gen", .. args], context);
        Assert.True(code == 0, $"ros tls gen {string.Join(' ', args)}: {error}");
    }

    private static async Task<(int Code, string Output)> DockerAsync(string config, params string[] args)
    {
        // DOCKER_CONFIG and DOCKER_CERT_PATH point at an empty dir: no default client certificate is found
        var info = new ProcessStartInfo(Prerequisites.Which("docker")!) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }
        info.Environment["DOCKER_CONFIG"] = config;
        info.Environment["DOCKER_CERT_PATH"] = config;
        info.Environment["HOME"] = config;
        info.Environment.Remove("DOCKER_HOST");
        info.Environment.Remove("DOCKER_TLS_VERIFY");
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"docker {string.Join(' ', args)} did not exit within 60 s");
        }
        return (process.ExitCode, await stdout + await stderr);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string Tail(string path) => File.Exists(path) ? "\n" + string.Join('\n', File.ReadLines(path).TakeLast(20)) : "";

    private static string RepoFile(string relative, [System.Runtime.CompilerServices.CallerFilePath] string source = "")
    {
        var dir = Path.GetDirectoryName(source)!;
        while (!File.Exists(Path.Join(dir, "InitOS.sln")))
        {
            dir = Path.GetDirectoryName(dir)!;
        }
        return Path.Join(dir, relative);
    }

    public async Task DisposeAsync()
    {
        if (_engine != null)
        {
            await _engine.StopAsync(TimeSpan.FromSeconds(20));
        }
        _ = new Linux.LinuxSyscalls().Unmount(Path.Join(_dir, "data"), detach: true);
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // a leftover mount under the data root; the next run uses a new directory
        }
    }
}
