using InitOS.Platform.Docker;

namespace InitOS.Platform.IntegrationTests;

/// <summary>
/// <see cref="DockerOsImages"/> against a real dockerd: an OS image (a /dist tree, made with <c>docker import</c>
/// like any image without a daemon-side build) is found, its /dist read out through a created container that is
/// removed again, and a pull from an unreachable registry fails naming the registry.
/// </summary>
[Collection("dockerd")]
public sealed class OsImagesTests
{
    private readonly DockerdFixture _d;

    public OsImagesTests(DockerdFixture d) => _d = d;

    [RequiresDockerFact]
    public async Task The_dist_of_an_os_image_is_read_out_without_running_it()
    {
        Assert.True(_d.Unavailable == null, $"dockerd prerequisites missing under CI: {_d.Unavailable}");
        var image = $"initos-test/os:v{_d.RunId}";
        var root = Path.Join(_d.Dir, "os-image-root");
        Directory.CreateDirectory(Path.Join(root, "dist", "installer"));
        File.WriteAllText(Path.Join(root, "dist", "vmlinuz"), "kernel " + _d.RunId);
        File.WriteAllBytes(Path.Join(root, "dist", "initrd"), Enumerable.Range(0, 3 << 20).Select(i => (byte)(i * 7)).ToArray());
        File.WriteAllText(Path.Join(root, "dist", "manifest"), "version=9.9.9\n");
        File.WriteAllText(Path.Join(root, "dist", "installer", "core.img"), "core");
        var tar = Path.Join(_d.Dir, "os-image.tar");
        await DockerdFixture.RunAsync("tar", ["-C", root, "-cf", tar, "."]);
        await _d.DockerCliAsync(["import", tar, image]);
        using var images = new DockerOsImages("unix://" + _d.Socket);

        Assert.True(await images.HasAsync(image, CancellationToken.None));
        Assert.False(await images.HasAsync($"initos-test/os:absent-{_d.RunId}", CancellationToken.None));
        var target = Path.Join(_d.Dir, "extracted");
        await images.ExtractDistAsync(image, target, CancellationToken.None);

        Assert.Equal("kernel " + _d.RunId, File.ReadAllText(Path.Join(target, "vmlinuz")));
        Assert.Equal(File.ReadAllBytes(Path.Join(root, "dist", "initrd")), File.ReadAllBytes(Path.Join(target, "initrd")));
        Assert.Equal("core", File.ReadAllText(Path.Join(target, "installer", "core.img")));
        var left = await _d.DockerCliAsync(["ps", "-a", "-q", "--filter", "label=io.initos.purpose=os-image-extract"]);
        Assert.Equal("", left.Trim());
    }

    [RequiresDockerFact]
    public async Task A_pull_that_fails_names_the_registry_and_the_reason()
    {
        Assert.True(_d.Unavailable == null, $"dockerd prerequisites missing under CI: {_d.Unavailable}");
        using var images = new DockerOsImages("unix://" + _d.Socket);
        var e = await Assert.ThrowsAsync<IOException>(() => images.PullAsync("127.0.0.1:9/initos/os:v9.9.9", _ => { }, CancellationToken.None));
        Assert.Contains("registry '127.0.0.1:9'", e.Message);
        Assert.Contains("initos/os:v9.9.9", e.Message);
    }

    [RequiresDockerFact]
    public async Task An_image_without_dist_is_named_as_not_an_os_image()
    {
        Assert.True(_d.Unavailable == null, $"dockerd prerequisites missing under CI: {_d.Unavailable}");
        using var images = new DockerOsImages("unix://" + _d.Socket);
        var e = await Assert.ThrowsAsync<IOException>(() => images.ExtractDistAsync(_d.Image, Path.Join(_d.Dir, "none"), CancellationToken.None));
        Assert.Contains("not an InitOS OS image", e.Message);
    }
}
