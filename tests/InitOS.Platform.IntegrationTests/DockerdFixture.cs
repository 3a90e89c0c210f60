using System.Diagnostics;
using System.Threading.Channels;
using InitOS.Boot.Engine;
using InitOS.Boot.Logging;
using InitOS.Core.Boot;
using InitOS.Platform.Docker;
using InitOS.Platform.Processes;

namespace InitOS.Platform.IntegrationTests;

/// <summary>
/// A real dockerd started for the tests through the production <see cref="SystemEngine"/> (own socket,
/// data root, exec root and pid file under /tmp, no bridge, no iptables), with a busybox image built
/// locally by <c>docker import</c>. Everything it creates carries <c>io.initos.test=&lt;run id&gt;</c>.
/// </summary>
public sealed class DockerdFixture : IAsyncLifetime
{
    public string RunId { get; } = Guid.NewGuid().ToString("N")[..10];
    public string Dir { get; }
    public string Socket => Path.Join(Dir, "docker.sock");
    public string Image => $"initos-test/busybox:{RunId}";
    public string TestLabel => $"io.initos.test={RunId}";
    public RingLog Ring { get; } = new();
    public BootLogger Log { get; }
    public Channel<SystemEvent> Events { get; } = Channel.CreateUnbounded<SystemEvent>();
    public SystemEngine? Engine { get; private set; }
    public DockerEngine? Client { get; private set; }
    public string? Unavailable { get; private set; }

    public DockerdFixture()
    {
        Dir = Path.Join("/tmp", "initos-it-" + RunId);
        Log = new BootLogger(() => Environment.TickCount64, Ring);
    }

    public EngineLaunch Launch() => new("test-dockerd", Prerequisites.Which("dockerd") ?? "dockerd",
    [
        "--host", "unix://" + Socket,
        "--data-root", Path.Join(Dir, "data"),
        "--exec-root", Path.Join(Dir, "exec"),
        "--pidfile", Path.Join(Dir, "docker.pid"),
        "--bridge", "none",
        "--iptables=false",
        "--ip-masq=false",
    ], [], Socket, Path.Join(Dir, "dockerd.log"));

    public async Task InitializeAsync()
    {
        Unavailable = Prerequisites.MissingDocker();
        if (Unavailable != null)
        {
            return;
        }
        Directory.CreateDirectory(Dir);
        Engine = new SystemEngine(Launch(), new ProcessEngineRunner(), Log, TimeProvider.System, Events.Writer) { ReadyDeadline = TimeSpan.FromSeconds(60) };
        await Engine.StartAsync(CancellationToken.None);
        Client = new DockerEngine("unix://" + Socket);
        await BuildImageAsync();
    }

    private Task BuildImageAsync() => ImportBusyboxAsync(Dir, Socket, Image);

    /// <summary>Builds a busybox image named <paramref name="image"/> in the dockerd on <paramref name="socket"/> by <c>docker import</c>.</summary>
    public static async Task ImportBusyboxAsync(string dir, string socket, string image)
    {
        var root = Path.Join(dir, "image-root");
        Directory.CreateDirectory(Path.Join(root, "bin"));
        File.Copy(Prerequisites.Which("busybox")!, Path.Join(root, "bin", "busybox"));
        foreach (var applet in new[] { "sh", "echo", "sleep", "cat", "true", "false", "date", "touch", "ls" })
        {
            File.CreateSymbolicLink(Path.Join(root, "bin", applet), "busybox");
        }
        var tar = Path.Join(dir, "image.tar");
        await RunAsync("tar", ["-C", root, "-cf", tar, "."]);
        await RunAsync(Prerequisites.Which("docker")!, ["-H", "unix://" + socket, "import", "--change", "ENV PATH=/bin", tar, image]);
    }

    public Task<string> DockerCliAsync(IReadOnlyList<string> args) =>
        RunAsync(Prerequisites.Which("docker")!, ["-H", "unix://" + Socket, .. args]);

    public static async Task<string> RunAsync(string program, IReadOnlyList<string> args)
    {
        var (code, output) = await new ProgramRunner().RunAsync(program, args, TimeSpan.FromMinutes(2), CancellationToken.None);
        if (code != 0)
        {
            throw new InvalidOperationException($"{program} {string.Join(' ', args)} exited with {code}: {output}");
        }
        return output;
    }

    public async Task DisposeAsync()
    {
        if (Client != null)
        {
            foreach (var c in await Client.ListAsync(TestLabel, CancellationToken.None))
            {
                await Client.RemoveAsync(c.Id, CancellationToken.None);
            }
            Client.Dispose();
        }
        if (Engine != null)
        {
            await Engine.StopAsync(TimeSpan.FromSeconds(20));
        }
        // dockerd bind-mounts its data root onto itself and leaves that mount behind.
        _ = new Linux.LinuxSyscalls().Unmount(Path.Join(Dir, "data"), detach: true);
        try
        {
            Directory.Delete(Dir, recursive: true);
        }
        catch (IOException)
        {
            // A leftover mount under the data root; the next run uses a new directory.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}

[CollectionDefinition("dockerd")]
public sealed class DockerdCollection : ICollectionFixture<DockerdFixture>
{
}
