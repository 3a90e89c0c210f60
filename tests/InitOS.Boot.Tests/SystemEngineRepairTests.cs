using System.Threading.Channels;
using InitOS.Boot.Engine;
using InitOS.Boot.Logging;
using InitOS.Core.Boot;

namespace InitOS.Boot.Tests;

public class SystemEngineRepairTests
{
    private const string Root = "/var/lib/system-docker";
    private readonly FakeEngineProcess _engines = new();
    private readonly FakeSyscalls _sys = new();
    private readonly MemoryFileStore _files = new();
    private readonly RingLog _ring = new();
    private readonly FakeClock _time = new() { SkipWaits = true }; // the repair only sleeps between attempts

    public SystemEngineRepairTests()
    {
        _files.WithDirectories(Root + "/image", Root + "/image/overlay2", Root + "/containerd", Root + "/.aside-20200101T000000Z", "/var/lib/user-docker/keep");
    }

    private (SystemEngine Engine, DataRoot DataRoot) Create()
    {
        var log = new BootLogger(() => 0, _ring);
        var ports = new InitPorts(_sys, new FakeKernelInfo { Mounts = $"overlay {Root}/overlay2/x/merged overlay rw 0 0\n" }, _files, null!, null!, _engines, null!, null!, null!, () => null);
        var dataRoot = new DataRoot(Root, DataRootStage.AsFound, ports, log, _time);
        var engine = new SystemEngine(SystemEnginePlan.For(null, false, false), _engines, log, _time, Channel.CreateUnbounded<SystemEvent>().Writer) { DataRoot = dataRoot };
        return (engine, dataRoot);
    }

    [Fact]
    public async Task Issue_12_at_boot_three_failures_move_the_data_root_aside_three_more_put_it_in_memory()
    {
        _engines.Failures = 6;
        var (engine, dataRoot) = Create();
        await engine.StartOrRepairAsync(atBoot: true, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(7, _engines.DaemonStarts);
        Assert.Equal(DataRootStage.Memory, dataRoot.Stage);
        Assert.Equal(2, dataRoot.Generation);
        // Leftover mounts detached before the move; every entry but earlier asides moved into one new aside.
        Assert.Equal($"umount '{Root}/overlay2/x/merged' detach", _sys.Calls[0]);
        var moves = _files.Calls.Where(c => c.StartsWith("move", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, moves.Count);
        Assert.Matches($"^move '{Root}/containerd' '{Root}/\\.aside-[0-9]{{8}}T[0-9]{{6}}Z/containerd'$", moves[0]);
        Assert.Matches($"^move '{Root}/image' '{Root}/\\.aside-[0-9]{{8}}T[0-9]{{6}}Z/image'$", moves[1]);
        Assert.Contains($"mount tmpfs on '{Root}' mode=0711", _sys.Calls);
        Assert.Equal([Root], dataRoot.Mounts);
        Assert.Contains("/var/lib/user-docker/keep", _files.Paths);
        Assert.DoesNotContain(_files.Calls, c => c.Contains("user-docker", StringComparison.Ordinal));
        // Backoff between the retries of each failing stage (on disk, fresh): 250 ms, 500 ms; memory then starts.
        Assert.Equal(["250", "500", "250", "500"],
            _ring.Snapshot().Where(r => r.Text.StartsWith("Starting system-docker again in ", StringComparison.Ordinal)).Select(r => r.Text.Split(' ')[4]));
        Assert.Contains(_ring.Snapshot(), r => r.Level == SyslogLevel.Critical && r.Text.StartsWith("SYSTEM ENGINE RUNS FROM MEMORY: system-docker cannot start", StringComparison.Ordinal));

        dataRoot.DeleteOldAsides();
        Assert.Equal([$"delete '{Root}/.aside-20200101T000000Z'"], _files.Calls.Where(c => c.StartsWith("delete", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task At_boot_an_engine_that_fails_in_memory_too_fails_the_step()
    {
        _engines.Failures = int.MaxValue;
        var (engine, _) = Create();
        var e = await Assert.ThrowsAsync<EngineStartException>(() => engine.StartOrRepairAsync(atBoot: true, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Contains("exited with status 1 before answering", e.Message);
        Assert.Equal(9, _engines.DaemonStarts);
    }

    [Fact]
    public async Task Issue_12_after_boot_the_engine_is_retried_with_backoff_and_its_data_root_never_touched()
    {
        _engines.Failures = 5;
        var (engine, dataRoot) = Create();
        await engine.StartOrRepairAsync(atBoot: false, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(6, _engines.DaemonStarts);
        Assert.Equal(DataRootStage.AsFound, dataRoot.Stage);
        Assert.Empty(_files.Calls);
        Assert.DoesNotContain(_sys.Calls, c => c.StartsWith("mount", StringComparison.Ordinal) || c.StartsWith("umount", StringComparison.Ordinal));
        Assert.Equal(["250", "500", "1000", "2000", "4000"],
            _ring.Snapshot().Where(r => r.Text.StartsWith("Starting system-docker again in ", StringComparison.Ordinal)).Select(r => r.Text.Split(' ')[4]));
        Assert.Single(_ring.Snapshot(), r => r.Level == SyslogLevel.Critical && r.Text.StartsWith($"Not repairing the data root '{Root}' while the containers", StringComparison.Ordinal));
    }
}
