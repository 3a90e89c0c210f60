using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using InitOS.Boot.Services;
using InitOS.Core.Services;
using InitOS.Platform.Docker;

namespace InitOS.Platform.IntegrationTests;

/// <summary>
/// Pulls with <c>rancher.registry_auths</c> against a real registry (Debian's docker-registry on 127.0.0.1 with
/// htpasswd authentication): an image pushed there is pulled with the right credentials, refused without them or
/// with wrong ones (the error names the registry and its reason), and a service whose image is absent is brought up
/// by pulling it.
/// </summary>
[Collection("dockerd")]
public sealed class RegistryPullTests : IAsyncLifetime
{
    private readonly DockerdFixture _d;
    private Process? _registry;
    private string _host = "";
    private string _dir = "";

    public RegistryPullTests(DockerdFixture d) => _d = d;

    public async Task InitializeAsync()
    {
        if (_d.Unavailable != null || Prerequisites.Which("docker-registry") is null || Prerequisites.Which("htpasswd") is null)
        {
            return;
        }
        _dir = Path.Join(_d.Dir, "registry-" + Guid.NewGuid().ToString("N")[..6]);
        Directory.CreateDirectory(_dir);
        await DockerdFixture.RunAsync("htpasswd", ["-B", "-b", "-c", Path.Join(_dir, "htpasswd"), "puller", "s3cret-pass"]);
        var port = FreePort();
        _host = $"127.0.0.1:{port}";
        File.WriteAllText(Path.Join(_dir, "config.yml"), string.Join('\n',
            "version: 0.1",
            "log: {level: warn}",
            $"storage: {{filesystem: {{rootdirectory: {_dir}/data}}}}",
            $"http: {{addr: \"{_host}\"}}",
            $"auth: {{htpasswd: {{realm: initos-test, path: {_dir}/htpasswd}}}}",
            ""));
        _registry = Process.Start(new ProcessStartInfo(Prerequisites.Which("docker-registry")!, ["serve", Path.Join(_dir, "config.yml")])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        })!;
        _ = _registry.StandardError.ReadToEndAsync();
        _ = _registry.StandardOutput.ReadToEndAsync();
        using var http = new HttpClient();
        async Task<bool> WantsLogin()
        {
            try
            {
                // 401 without credentials: the registry is up and wants a login
                return (await http.GetAsync($"http://{_host}/v2/")).StatusCode == HttpStatusCode.Unauthorized;
            }
            catch (HttpRequestException)
            {
                return false;
            }
        }
        if (!await Eventually.HoldsAsync(WantsLogin, TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(100)))
        {
            throw new TimeoutException($"docker-registry did not answer on {_host}");
        }
    }

    public async Task DisposeAsync()
    {
        if (_registry is { HasExited: false })
        {
            _registry.Kill();
            await _registry.WaitForExitAsync();
        }
        _registry?.Dispose();
    }

    /// <summary>Pushes the fixture's busybox as <paramref name="repository"/> with a docker client logged in through its own config dir, then removes it locally.</summary>
    private async Task<string> PushAsync(string repository)
    {
        var image = $"{_host}/{repository}:{_d.RunId}";
        await _d.DockerCliAsync(["tag", _d.Image, image]);
        var config = Path.Join(_dir, "client");
        Directory.CreateDirectory(config);
        await DockerAsync(config, ["login", _host, "-u", "puller", "--password-stdin"], "s3cret-pass");
        await DockerAsync(config, ["push", image], null);
        await _d.DockerCliAsync(["rmi", image]);
        return image;
    }

    private async Task DockerAsync(string config, IReadOnlyList<string> args, string? input)
    {
        var start = new ProcessStartInfo(Prerequisites.Which("docker")!, ["-H", "unix://" + _d.Socket, .. args])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["DOCKER_CONFIG"] = config;
        using var p = Process.Start(start)!;
        if (input != null)
        {
            await p.StandardInput.WriteAsync(input);
        }
        p.StandardInput.Close();
        var output = p.StandardOutput.ReadToEndAsync();
        var error = p.StandardError.ReadToEndAsync();
        using var bounded = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await p.WaitForExitAsync(bounded.Token);
        Assert.True(p.ExitCode == 0, $"docker {string.Join(' ', args)}: {await output}{await error}");
    }

    private bool Ready()
    {
        Assert.True(_d.Unavailable == null, $"dockerd prerequisites missing under CI: {_d.Unavailable}");
        if (_registry is null)
        {
            Assert.False(Prerequisites.IsCi, "docker-registry or htpasswd missing under CI (make pid1-deps installs them)");
            return false;
        }
        return true;
    }

    [RequiresDockerFact]
    public async Task An_image_is_pulled_with_the_credentials_of_its_registry_and_refused_without()
    {
        if (!Ready())
        {
            return;
        }
        var image = await PushAsync("initos-test/pulled");
        var auths = new Dictionary<string, object?>
        {
            [$"http://{_host}/"] = new Dictionary<string, object?> { ["username"] = "puller", ["password"] = "s3cret-pass" },
        };
        var bad = new Dictionary<string, object?>
        {
            [_host] = new Dictionary<string, object?> { ["username"] = "puller", ["password"] = "wrong" },
        };

        var none = await Assert.ThrowsAsync<EngineException>(() => _d.Client!.PullAsync(image, null, CancellationToken.None));
        Assert.Contains($"registry {_host}", none.Message, StringComparison.Ordinal);
        Assert.Contains("no basic auth credentials", none.Message, StringComparison.Ordinal);
        var wrong = await Assert.ThrowsAsync<EngineException>(() => _d.Client!.PullAsync(image, RegistryAuths.For(image, bad), CancellationToken.None));
        Assert.Contains($"registry {_host}", wrong.Message, StringComparison.Ordinal);
        Assert.Contains("unauthorized", wrong.Message, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("wrong", wrong.Message, StringComparison.Ordinal);
        Assert.False(await _d.Client!.ImageExistsAsync(image, CancellationToken.None));

        await _d.Client!.PullAsync(image, RegistryAuths.For(image, auths), CancellationToken.None);
        Assert.True(await _d.Client!.ImageExistsAsync(image, CancellationToken.None));
        await _d.DockerCliAsync(["rmi", image]);
    }

    [RequiresDockerFact]
    public async Task A_service_whose_image_is_absent_is_pulled_and_started()
    {
        if (!Ready())
        {
            return;
        }
        var image = await PushAsync("initos-test/service");
        var name = "pulled-" + _d.RunId;
        var auths = new Dictionary<string, object?> { [_host] = new Dictionary<string, object?> { ["username"] = "puller", ["password"] = "s3cret-pass" } };
        var service = ServiceParser.Parse(name, new Dictionary<string, object?>
        {
            ["image"] = image,
            ["command"] = "sleep 300",
            ["labels"] = new Dictionary<string, object?> { ["io.initos.test"] = _d.RunId, ["io.rancher.os.scope"] = "system" },
        });
        var orchestrator = new ServiceOrchestrator(_d.Client!, _ => Task.FromResult<Core.Ports.IContainerEngine>(_d.Client!), _d.Log)
        {
            Credentials = i => RegistryAuths.For(i, auths),
            PullTimeout = TimeSpan.FromMinutes(2),
        };
        try
        {
            var outcome = await orchestrator.UpOneAsync(service, recreate: false, CancellationToken.None);
            Assert.Equal(ServiceOutcome.Running, outcome);
            Assert.Equal("running", (await _d.Client!.InspectAsync(name, CancellationToken.None))!.State);
            Assert.Contains(_d.Ring.Snapshot(), r => r.Text.Contains($"Pulling '{image}' for service '{name}' from {_host}", StringComparison.Ordinal));
        }
        finally
        {
            if (await _d.Client!.InspectAsync(name, CancellationToken.None) is { } c)
            {
                await _d.Client!.RemoveAsync(c.Id, CancellationToken.None);
            }
        }

        // without credentials the service fails alone, saying why
        var other = service with { Name = name + "-x", Spec = service.Spec with { Name = name + "-x", Image = image.Replace("service:", "service-absent:", StringComparison.Ordinal) } };
        var refused = await Assert.ThrowsAnyAsync<Exception>(() => new ServiceOrchestrator(_d.Client!, _ => Task.FromResult<Core.Ports.IContainerEngine>(_d.Client!), _d.Log)
            .UpOneAsync(other, recreate: false, CancellationToken.None));
        Assert.Contains($"registry {_host}", refused.Message, StringComparison.Ordinal);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
