using System.Threading.Channels;
using InitOS.Boot.Engine;
using InitOS.Boot.Logging;
using InitOS.Core.Boot;
using InitOS.Platform.Docker;
using InitOS.Platform.Linux;
using InitOS.Platform.Processes;
using Xunit;

namespace InitOS.Platform.IntegrationTests;

/// <summary>
/// The prepared system image store against a real dockerd (issue 10): a store made the way build-store.sh makes it
/// (a dockerd loads images and is stopped), mounted read-only as squashfs, grafted into data roots that dockerd then
/// runs containers from, with nothing of the layers copied.
/// </summary>
public sealed class ImageStoreGraftTests : IAsyncLifetime
{
    private readonly string _dir = Path.Join("/tmp", "initos-graft-" + Guid.NewGuid().ToString("N")[..10]);
    private readonly List<string> _mounts = [];
    private string? _unavailable;

    public async Task InitializeAsync()
    {
        _unavailable = Prerequisites.MissingDocker() ?? (Prerequisites.Which("mksquashfs") == null ? "mksquashfs is missing" : null);
        if (_unavailable == null)
        {
            Directory.CreateDirectory(_dir);
            await Task.CompletedTask;
        }
    }

    public async Task DisposeAsync()
    {
        for (var i = _mounts.Count - 1; i >= 0; i--)
        {
            _ = new LinuxSyscalls().Unmount(_mounts[i], detach: true);
        }
        await Task.CompletedTask;
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // a mount left behind: the next run uses another directory
        }
    }

    /// <summary>A dockerd on <paramref name="name"/>'s own data root and socket, started through the production SystemEngine.</summary>
    private async Task<(SystemEngine Engine, string Socket)> StartAsync(string name)
    {
        var home = Path.Join(_dir, name);
        Directory.CreateDirectory(home);
        var socket = Path.Join(home, "d.sock");
        var launch = new EngineLaunch("graft-" + name, Prerequisites.Which("dockerd") ?? "dockerd",
        [
            "--host", "unix://" + socket, "--data-root", Path.Join(home, "data"), "--exec-root", Path.Join(home, "exec"),
            "--pidfile", Path.Join(home, "d.pid"), "--bridge", "none", "--iptables=false", "--ip-masq=false", "--storage-driver", "overlay2",
        ], [], socket, Path.Join(home, "dockerd.log"));
        var log = new BootLogger(() => Environment.TickCount64, new RingLog());
        var engine = new SystemEngine(launch, new ProcessEngineRunner(), log, TimeProvider.System, Channel.CreateUnbounded<SystemEvent>().Writer) { ReadyDeadline = TimeSpan.FromSeconds(60) };
        await engine.StartAsync(CancellationToken.None);
        return (engine, socket);
    }

    private static async Task StopAsync(SystemEngine engine, string name, string dir)
    {
        await engine.StopAsync(TimeSpan.FromSeconds(20));
        _ = new LinuxSyscalls().Unmount(Path.Join(dir, name, "data"), detach: true);
    }

    private static Task<string> Docker(string socket, params string[] args) =>
        DockerdFixture.RunAsync(Prerequisites.Which("docker")!, ["-H", "unix://" + socket, .. args]);

    /// <summary>The store: busybox and a child image on it (two layers, a parent chain), as a read-only squashfs mounted at <paramref name="at"/>.</summary>
    private async Task MakeStoreAsync(params string[] at)
    {
        var (engine, socket) = await StartAsync("build");
        await DockerdFixture.ImportBusyboxAsync(Path.Join(_dir, "build"), socket, "store/base:1");
        await Docker(socket, "run", "--name", "child", "--net", "none", "store/base:1", "sh", "-c", "echo from-the-store > /marker");
        await Docker(socket, "commit", "child", "store/child:1");
        await Docker(socket, "rm", "child");
        await StopAsync(engine, "build", _dir);
        var tree = Path.Join(_dir, "store-tree");
        Directory.CreateDirectory(tree);
        await DockerdFixture.RunAsync("cp", ["-a", Path.Join(_dir, "build", "data", "image"), Path.Join(_dir, "build", "data", "overlay2"), tree]);
        // as build-store.sh: without the layers' tar-split (only `docker save` needs it)
        foreach (var split in Directory.EnumerateFiles(Path.Join(tree, "image"), "tar-split.json.gz", SearchOption.AllDirectories))
        {
            File.Delete(split);
        }
        var image = Path.Join(_dir, "store.sqfs");
        await DockerdFixture.RunAsync("mksquashfs", [tree, image, "-quiet", "-no-progress"]);
        foreach (var path in at)
        {
            Directory.CreateDirectory(path);
            await DockerdFixture.RunAsync("mount", ["-t", "squashfs", "-o", "loop,ro", image, path]);
            _mounts.Add(path);
        }
    }

    [RequiresDockerFact]
    public async Task A_store_grafted_into_an_empty_data_root_runs_its_images_with_their_layers_left_on_the_squashfs()
    {
        Assert.True(_unavailable == null, $"prerequisites missing: {_unavailable}");
        var store = Path.Join(_dir, "store");
        await MakeStoreAsync(store);
        Assert.True(ImageStoreGraft.Exists(store));
        var data = Path.Join(_dir, "run", "data");
        Directory.CreateDirectory(data);

        var plan = ImageStoreGraft.Graft(store, data);
        Assert.Empty(plan.Problems);
        Assert.Equal((2, 0, 2), (plan.LayersAdded, plan.LayersRepointed, plan.ImagesAdded));
        // only metadata was written: well under a MiB, and every diff is a link into the store
        var written = Directory.EnumerateFiles(data, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.ReparsePoint }).Sum(f => new FileInfo(f).Length);
        Assert.InRange(written, 1, 1 << 20);
        foreach (var diff in Directory.EnumerateDirectories(Path.Join(data, "overlay2")).Where(d => !d.EndsWith("/l", StringComparison.Ordinal)))
        {
            Assert.StartsWith(store + "/overlay2/", new FileInfo(Path.Join(diff, "diff")).LinkTarget);
        }
        Assert.Empty(ImageStoreGraft.Graft(store, data).Operations);

        var (engine, socket) = await StartAsync("run");
        try
        {
            Assert.Equal("from-the-store", (await Docker(socket, "run", "--rm", "--net", "none", "store/child:1", "cat", "/marker")).Trim());
            // a container writes to its own layer in the data root, never to the read-only store
            Assert.Equal("written", (await Docker(socket, "run", "--rm", "--net", "none", "store/base:1", "sh", "-c", "echo written > /bin/new && cat /bin/new")).Trim());
            Assert.Contains("store/child", await Docker(socket, "images", "--format", "{{.Repository}}:{{.Tag}}"));
        }
        finally
        {
            await StopAsync(engine, "run", _dir);
        }
    }

    [RequiresDockerFact]
    public async Task A_data_root_with_its_own_images_keeps_them_and_layers_follow_the_store_when_it_moves()
    {
        Assert.True(_unavailable == null, $"prerequisites missing: {_unavailable}");
        var first = Path.Join(_dir, "store-a");
        var second = Path.Join(_dir, "store-b");
        await MakeStoreAsync(first, second);
        var (engine, socket) = await StartAsync("disk");
        await DockerdFixture.ImportBusyboxAsync(Path.Join(_dir, "disk"), socket, "mine/own:1");
        await StopAsync(engine, "disk", _dir);
        var data = Path.Join(_dir, "disk", "data");

        var plan = ImageStoreGraft.Graft(first, data);
        Assert.Empty(plan.Problems);
        Assert.Equal(2, plan.ImagesAdded);

        // the next version's store mounted elsewhere: the grafted layers follow it; the engine's own layer is untouched
        var moved = ImageStoreGraft.Graft(second, data);
        Assert.Equal(plan.LayersAdded, moved.LayersRepointed);
        Assert.Equal(0, moved.LayersAdded);
        _ = new LinuxSyscalls().Unmount(first, detach: true);

        (engine, socket) = await StartAsync("disk");
        try
        {
            Assert.Equal("from-the-store", (await Docker(socket, "run", "--rm", "--net", "none", "store/child:1", "cat", "/marker")).Trim());
            Assert.Equal("own", (await Docker(socket, "run", "--rm", "--net", "none", "mine/own:1", "echo", "own")).Trim());
        }
        finally
        {
            await StopAsync(engine, "disk", _dir);
        }
    }
}
