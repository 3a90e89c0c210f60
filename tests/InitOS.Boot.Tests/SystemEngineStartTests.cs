using System.Threading.Channels;
using InitOS.Boot.Engine;
using InitOS.Boot.Logging;
using InitOS.Core.Boot;

namespace InitOS.Boot.Tests;

/// <summary>Issue 10: dockerd starts with containerd, not after it listens; its own start overlaps containerd's.</summary>
public class SystemEngineStartTests
{
    private readonly FakeEngineProcess _engines = new() { ContainerdStarting = true };
    private readonly RingLog _ring = new();
    private readonly FakeClock _clock = new();
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(50);

    private SystemEngine Create() =>
        new(SystemEnginePlan.For(null, false, false), _engines, new BootLogger(() => 0, _ring), _clock, Channel.CreateUnbounded<SystemEvent>().Writer);

    [Fact]
    public async Task Issue_10_dockerd_is_started_before_containerd_listens_and_is_ready_once_both_are()
    {
        var engine = Create();
        var start = engine.StartAsync(CancellationToken.None);

        await _clock.WhenAskedAsync(Poll, 1).WaitAsync(HangGuard.Limit);
        Assert.Equal(["start system-containerd", "start system-docker"], _engines.Calls);
        Assert.Equal(1, _engines.DaemonStartsBeforeContainerd);
        Assert.False(start.IsCompleted); // not ready while containerd does not listen

        _engines.ContainerdListens();
        _clock.Advance(Poll);
        await start.WaitAsync(HangGuard.Limit);
        Assert.True(engine.Pid > 0);
        Assert.True(engine.ContainerdPid > 0);
    }

    [Fact]
    public async Task Issue_10_a_dockerd_that_gave_up_on_a_slow_containerd_is_started_again_once_it_listens_without_counting_a_failure()
    {
        _engines.DaemonGivesUp = true;
        var engine = Create();
        var start = engine.StartOrRepairAsync(atBoot: true, CancellationToken.None);

        await _clock.WhenAskedAsync(Poll, 1).WaitAsync(HangGuard.Limit);
        Assert.Contains(_ring.Snapshot(), r => r.Text == "system-docker exited before system-containerd listened; starting it again once system-containerd listens");
        Assert.False(start.IsCompleted);
        _engines.DaemonGivesUp = false;
        _engines.ContainerdListens();
        _clock.Advance(Poll);
        await start.WaitAsync(HangGuard.Limit);

        Assert.Equal(["start system-containerd", "start system-docker", "start system-docker"], _engines.Calls);
        Assert.DoesNotContain(_ring.Snapshot(), r => r.Text.StartsWith("Failed to start system-docker", StringComparison.Ordinal));
        Assert.True(engine.Pid > 0);
    }

    [Fact]
    public async Task Issue_10_containerd_that_dies_before_dockerd_answers_fails_the_start()
    {
        var engine = Create();
        var start = engine.StartAsync(CancellationToken.None);
        await _clock.WhenAskedAsync(Poll, 1).WaitAsync(HangGuard.Limit);
        _engines.Handles[0].Exit(2);
        _clock.Advance(Poll);

        var e = await Assert.ThrowsAsync<EngineStartException>(() => start.WaitAsync(HangGuard.Limit));
        Assert.Contains("system-containerd", e.Message);
        Assert.Contains("exited with status 2 before system-docker answered", e.Message);
    }

    private SystemEngine CreateWithDeadline(TimeSpan deadline) =>
        new(SystemEnginePlan.For(null, false, false), _engines, new BootLogger(() => 0, _ring), _clock, Channel.CreateUnbounded<SystemEvent>().Writer)
        {
            ReadyDeadline = deadline,
        };

    /// <summary>Lets <paramref name="span"/> pass one readiness poll at a time, or less when <paramref name="until"/> ends first.</summary>
    private async Task PollForAsync(TimeSpan span, Task? until = null)
    {
        var stop = new CancellationTokenSource();
        _ = until?.ContinueWith(_ => stop.Cancel(), TaskScheduler.Default);
        for (var i = 0; i < span / Poll && until is not { IsCompleted: true }; i++)
        {
            try
            {
                await _clock.AdvanceWhenAskedAsync(Poll, stop.Token).WaitAsync(HangGuard.Limit);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
        }
    }

    [Fact]
    public async Task Issue_10_dockerds_bound_runs_from_when_its_containerd_first_listens()
    {
        var engine = CreateWithDeadline(TimeSpan.FromSeconds(10));
        var socket = engine.Launch.Socket;
        _engines.Held.Add(socket);
        var start = engine.StartAsync(CancellationToken.None);

        await PollForAsync(TimeSpan.FromSeconds(8)); // containerd listens 8 s in, dockerd does not answer yet
        _engines.ContainerdListens();
        await PollForAsync(TimeSpan.FromSeconds(7)); // 15 s in: past 10 s from the start, within 10 s of containerd
        Assert.False(start.IsCompleted);

        _engines.Release(socket);
        await PollForAsync(Poll);
        await start.WaitAsync(HangGuard.Limit);
        Assert.True(engine.Pid > 0);
    }

    [Fact]
    public async Task Issue_10_dockerd_still_silent_its_bound_after_containerd_listened_fails_the_start_naming_it()
    {
        var engine = CreateWithDeadline(TimeSpan.FromSeconds(10));
        _engines.Held.Add(engine.Launch.Socket);
        var start = engine.StartAsync(CancellationToken.None);
        await PollForAsync(TimeSpan.FromSeconds(3));
        _engines.ContainerdListens();

        await PollForAsync(TimeSpan.FromSeconds(30), start);
        var e = await Assert.ThrowsAsync<EngineStartException>(() => start.WaitAsync(HangGuard.Limit));

        Assert.Contains("system-docker", e.Message);
        Assert.Contains($"no answer on '{engine.Launch.Socket}' within 10 s", e.Message);
        Assert.InRange(_clock.GetUtcNow() - FakeClock.Epoch, TimeSpan.FromSeconds(13), TimeSpan.FromSeconds(13.2));
    }

    [Fact]
    public async Task Issue_10_a_containerd_that_never_listens_fails_the_start_naming_containerd()
    {
        var engine = CreateWithDeadline(TimeSpan.FromSeconds(10));
        var start = engine.StartAsync(CancellationToken.None);

        await PollForAsync(TimeSpan.FromSeconds(30), start);
        var e = await Assert.ThrowsAsync<EngineStartException>(() => start.WaitAsync(HangGuard.Limit));

        Assert.Contains("system-containerd", e.Message);
        Assert.Contains("not listening on", e.Message);
        Assert.Contains("within 10 s", e.Message);
    }
}
