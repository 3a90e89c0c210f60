using System.Diagnostics;
using System.Text.Json;
using InitOS.Core.Services;
using InitOS.Platform.Docker;

namespace InitOS.Platform.IntegrationTests;

/// <summary>
/// Issue 10: <see cref="DockerEngine"/> speaks the Engine API itself (no client library): each call against a real
/// dockerd, and what it created read back with the docker CLI, a client it does not share code with.
/// </summary>
[Collection("dockerd")]
public sealed class DockerEngineTests
{
    private readonly DockerdFixture _d;

    public DockerEngineTests(DockerdFixture d) => _d = d;

    private DockerEngine Engine()
    {
        Assert.True(_d.Unavailable == null, $"dockerd prerequisites missing under CI: {_d.Unavailable}");
        return _d.Client!;
    }

    private async Task<JsonElement> CliInspectAsync(string name)
    {
        var start = new ProcessStartInfo(Prerequisites.Which("docker")!, ["-H", "unix://" + _d.Socket, "inspect", name])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var p = Process.Start(start)!;
        var output = p.StandardOutput.ReadToEndAsync();
        var error = p.StandardError.ReadToEndAsync();
        using var bounded = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await p.WaitForExitAsync(bounded.Token);
        Assert.True(p.ExitCode == 0, $"docker inspect {name}: {await error}");
        using var document = JsonDocument.Parse(await output);
        return document.RootElement[0].Clone();
    }

    [RequiresDockerFact]
    public async Task A_container_is_created_as_specified_and_its_exit_and_output_are_read_back()
    {
        var engine = Engine();
        var name = $"de-spec-{_d.RunId}";
        var spec = new ContainerSpec
        {
            Name = name,
            Image = _d.Image,
            Entrypoint = ["sh", "-c"],
            // exits 0: with its on-failure policy a failing run would be restarted, and its logs doubled
            Command = ["echo out-$GREETING; echo err-line >&2"],
            Environment = ["GREETING=hello"],
            Labels = new Dictionary<string, string> { ["io.initos.test"] = _d.RunId, ["io.initos.kind"] = "spec" },
            Binds = [$"{_d.Dir}:/host-dir:ro"],
            Volumes = ["/data"],
            CapAdd = ["NET_ADMIN"],
            CapDrop = ["MKNOD"],
            Dns = ["192.0.2.53"],
            ExtraHosts = ["example.test:192.0.2.1"],
            NetworkMode = "none",
            Hostname = "spec-host",
            WorkingDir = "/tmp",
            Restart = new RestartPolicy("on-failure", 2),
            MemoryLimit = 64L * 1024 * 1024,
            CpuShares = 128,
            LogDriver = "json-file",
            LogOpts = new Dictionary<string, string> { ["max-size"] = "1m" },
        };

        var id = await engine.CreateAsync(spec, CancellationToken.None);
        var cli = await CliInspectAsync(name);
        Assert.Equal(id, cli.GetProperty("Id").GetString());
        var config = cli.GetProperty("Config");
        Assert.Equal(["sh", "-c"], config.GetProperty("Entrypoint").EnumerateArray().Select(e => e.GetString()));
        Assert.Contains("GREETING=hello", config.GetProperty("Env").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("spec", config.GetProperty("Labels").GetProperty("io.initos.kind").GetString());
        Assert.True(config.GetProperty("Volumes").TryGetProperty("/data", out _));
        Assert.Equal("spec-host", config.GetProperty("Hostname").GetString());
        Assert.Equal("/tmp", config.GetProperty("WorkingDir").GetString());
        var host = cli.GetProperty("HostConfig");
        Assert.Equal([$"{_d.Dir}:/host-dir:ro"], host.GetProperty("Binds").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(["NET_ADMIN"], host.GetProperty("CapAdd").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(["192.0.2.53"], host.GetProperty("Dns").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("none", host.GetProperty("NetworkMode").GetString());
        Assert.Equal("on-failure", host.GetProperty("RestartPolicy").GetProperty("Name").GetString());
        Assert.Equal(2, host.GetProperty("RestartPolicy").GetProperty("MaximumRetryCount").GetInt32());
        Assert.Equal(64L * 1024 * 1024, host.GetProperty("Memory").GetInt64());
        Assert.Equal(128, host.GetProperty("CpuShares").GetInt64());
        Assert.Equal("1m", host.GetProperty("LogConfig").GetProperty("Config").GetProperty("max-size").GetString());

        // a start of a running container (304) and a second stop are not errors
        var inspected = await engine.InspectAsync(name, CancellationToken.None);
        Assert.Equal("created", inspected!.State);
        Assert.Equal(_d.Image, inspected.Image);
        Assert.Null(inspected.StartedAt);
        await engine.StopAsync(id, TimeSpan.FromSeconds(1), CancellationToken.None);
        await engine.StartAsync(id, CancellationToken.None);
        Assert.Equal(0, await engine.WaitAsync(id, CancellationToken.None));
        // stdout then stderr, demultiplexed
        Assert.Equal("out-hello\nerr-line\n", await engine.LogsAsync(id, CancellationToken.None));

        var listed = await engine.ListAsync($"io.initos.kind=spec", CancellationToken.None);
        var mine = Assert.Single(listed, c => c.Name == name);
        Assert.Equal(id, mine.Id);
        Assert.Equal(_d.RunId, mine.Labels["io.initos.test"]);

        await engine.RemoveAsync(id, CancellationToken.None);
        await engine.RemoveAsync(id, CancellationToken.None); // gone already: not an error
        await engine.StopAsync(id, TimeSpan.Zero, CancellationToken.None);
        Assert.Null(await engine.InspectAsync(name, CancellationToken.None));
    }

    [RequiresDockerFact]
    public async Task A_running_container_reports_its_start_and_an_engine_error_names_the_call_and_the_engines_message()
    {
        var engine = Engine();
        var name = $"de-run-{_d.RunId}";
        var id = await engine.CreateAsync(new ContainerSpec
        {
            Name = name,
            Image = _d.Image,
            Command = ["sleep", "600"],
            Labels = new Dictionary<string, string> { ["io.initos.test"] = _d.RunId },
            Tty = true,
        }, CancellationToken.None);
        await engine.StartAsync(id, CancellationToken.None);
        await engine.StartAsync(id, CancellationToken.None);
        var running = await engine.InspectAsync(id, CancellationToken.None);
        Assert.True(running!.IsRunning);
        Assert.NotNull(running.StartedAt);
        Assert.Equal(0, running.RestartCount);

        var e = await Assert.ThrowsAsync<EngineException>(() => engine.CreateAsync(new ContainerSpec { Name = name, Image = _d.Image, Command = ["true"] }, CancellationToken.None));
        Assert.True(e.Status == System.Net.HttpStatusCode.Conflict, e.Message);
        Assert.Contains($"create {name}", e.Message);
        Assert.Contains("is already in use", e.Message);

        var failing = await engine.CreateAsync(new ContainerSpec
        {
            Name = $"de-exit-{_d.RunId}",
            Image = _d.Image,
            Command = ["sh", "-c", "exit 3"],
            Labels = new Dictionary<string, string> { ["io.initos.test"] = _d.RunId },
        }, CancellationToken.None);
        await engine.StartAsync(failing, CancellationToken.None);
        Assert.Equal(3, await engine.WaitAsync(failing, CancellationToken.None));
        Assert.Equal(3, (await engine.InspectAsync(failing, CancellationToken.None))!.ExitCode);
        await engine.RemoveAsync(failing, CancellationToken.None);

        Assert.False(await engine.ImageExistsAsync($"initos-test/absent:{_d.RunId}", CancellationToken.None));
        Assert.True(await engine.ImageExistsAsync(_d.Image, CancellationToken.None));
        await engine.RemoveAsync(id, CancellationToken.None);
        Assert.True(await engine.PingAsync(CancellationToken.None));
        using var nowhere = new DockerEngine("unix://" + Path.Join(_d.Dir, "no-such.sock"));
        Assert.False(await nowhere.PingAsync(CancellationToken.None));
    }
}
