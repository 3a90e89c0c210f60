using InitOS.Boot.Engine;
using InitOS.Core.Boot;
using InitOS.Platform.Processes;

namespace InitOS.Platform.IntegrationTests;

[Collection("dockerd")]
public sealed class SystemEngineTests
{
    private readonly DockerdFixture _d;

    public SystemEngineTests(DockerdFixture d) => _d = d;

    [RequiresDockerFact]
    public async Task Killed_engine_is_reported_restarted_and_answers_again()
    {
        Assert.True(_d.Unavailable == null, $"dockerd prerequisites missing under CI: {_d.Unavailable}");
        var engine = _d.Engine!;
        var pid = engine.Pid;
        Assert.True(pid > 0);
        Assert.True(await new ProcessEngineRunner().PingAsync(_d.Socket, TimeSpan.FromSeconds(2), CancellationToken.None));
        _ = new Linux.LinuxSyscalls().Kill(pid, 9);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var ev = await _d.Events.Reader.ReadAsync(cts.Token);
        Assert.Equal(SystemEventKind.EngineExited, ev.Kind);
        Assert.Equal(137, ev.ExitCode);
        await engine.RestartAsync(ev.ExitCode ?? -1, cts.Token);
        Assert.NotEqual(pid, engine.Pid);
        Assert.True(await _d.Client!.PingAsync(cts.Token));
        Assert.Contains(_d.Ring.Snapshot(), r => r.Text.StartsWith("test-dockerd exited with status 137", StringComparison.Ordinal));
    }

    [RequiresDockerFact]
    public async Task Engine_that_exits_before_answering_fails_readiness_with_its_status()
    {
        Assert.True(_d.Unavailable == null, $"dockerd prerequisites missing under CI: {_d.Unavailable}");
        var dir = Path.Join(_d.Dir, "bad");
        Directory.CreateDirectory(dir);
        var launch = new EngineLaunch("bad-dockerd", Prerequisites.Which("dockerd")!, ["--no-such-flag"], [], Path.Join(dir, "d.sock"), Path.Join(dir, "log"));
        var engine = new SystemEngine(launch, new ProcessEngineRunner(), _d.Log, TimeProvider.System, System.Threading.Channels.Channel.CreateUnbounded<SystemEvent>().Writer);
        var e = await Assert.ThrowsAsync<EngineStartException>(() => engine.StartAsync(CancellationToken.None));
        Assert.Matches("exited with status [1-9][0-9]* before answering", e.Message);
    }
}
