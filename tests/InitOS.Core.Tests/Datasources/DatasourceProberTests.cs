using System.Text;
using InitOS.Core.Datasources;

namespace InitOS.Core.Tests.Datasources;

/// <summary>
/// Concurrent, bounded, deterministic probing (the order rule, the window, the retry backoff and the hard stop) with
/// scripted datasources on a fake clock: elapsed times are exact, and no test waits for real time to pass.
/// </summary>
public sealed class DatasourceProberTests
{
    private readonly FakeClock _clock = new();

    private static string UserData(ProbeOutcome outcome) => Encoding.UTF8.GetString(outcome.Chosen!.UserData!);

    [Fact]
    public async Task First_in_configured_order_wins_even_when_it_answers_later()
    {
        var firstMayAnswer = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var secondAnswered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var second = new FakeDatasource("second", (_, _) =>
        {
            secondAnswered.TrySetResult();
            return FakeDatasource.Found("second", "hostname: second").TryFetchAsync(CancellationToken.None);
        });
        var probing = DatasourceProber.ProbeAsync([FakeDatasource.Found("first", "hostname: first", firstMayAnswer.Task), second],
            TimeSpan.FromSeconds(5), _clock, CancellationToken.None);

        await secondAnswered.Task.WaitAsync(HangGuard.Limit);
        Assert.False(probing.IsCompleted); // the second has answered; the first still decides
        firstMayAnswer.SetResult();
        var outcome = await probing.WaitAsync(HangGuard.Limit);

        Assert.Equal("hostname: first", UserData(outcome));
        Assert.Equal([ProbeState.Found, ProbeState.Found], outcome.Reports.Select(r => r.State));
        Assert.Equal(TimeSpan.Zero, outcome.Elapsed);
    }

    [Fact]
    public async Task An_absent_first_source_passes_the_pick_to_the_next_at_once()
    {
        var outcome = await DatasourceProber.ProbeAsync([FakeDatasource.Absent("first"), FakeDatasource.Found("second", "hostname: second")],
            TimeSpan.FromSeconds(5), _clock, CancellationToken.None).WaitAsync(HangGuard.Limit);

        Assert.Equal("hostname: second", UserData(outcome));
        Assert.Equal(ProbeState.Absent, outcome.Reports[0].State);
        Assert.Equal(TimeSpan.Zero, outcome.Elapsed);
    }

    [Fact]
    public async Task A_first_source_still_silent_when_the_window_closes_loses_to_one_that_answered()
    {
        var probing = DatasourceProber.ProbeAsync([FakeDatasource.Silent("first"), FakeDatasource.Found("second", "hostname: second")],
            TimeSpan.FromSeconds(2), _clock, CancellationToken.None);
        _clock.Advance(TimeSpan.FromSeconds(2));
        var outcome = await probing.WaitAsync(HangGuard.Limit);

        Assert.Equal("hostname: second", UserData(outcome));
        Assert.Equal(ProbeState.Retry, outcome.Reports[0].State);
        Assert.Equal(TimeSpan.FromSeconds(2), outcome.Elapsed);
    }

    [Fact]
    public async Task Nothing_answering_is_retried_with_backoff_and_ends_at_the_window()
    {
        FakeDatasource[] sources = [FakeDatasource.Refused("ec2"), FakeDatasource.Refused("gce"), FakeDatasource.Refused("url")];
        var probing = DatasourceProber.ProbeAsync(sources, TimeSpan.FromSeconds(2), _clock, CancellationToken.None);
        // each source backs off 200 ms, 400, 800, 1600 between attempts; the clock moves once all three sleep
        foreach (var backoff in new[] { 200, 400, 800 })
        {
            await _clock.WhenAskedAsync(TimeSpan.FromMilliseconds(backoff), sources.Length).WaitAsync(HangGuard.Limit);
            _clock.Advance(TimeSpan.FromMilliseconds(backoff));
        }
        await _clock.WhenAskedAsync(TimeSpan.FromMilliseconds(1600), sources.Length).WaitAsync(HangGuard.Limit);
        _clock.Advance(TimeSpan.FromMilliseconds(600)); // to the window, at 2 s
        var outcome = await probing.WaitAsync(HangGuard.Limit);

        Assert.Null(outcome.Chosen);
        Assert.All(outcome.Reports, r => Assert.Equal(ProbeState.Retry, r.State));
        // attempts at 0, 0.2, 0.6 and 1.4 s (backoff 200 ms doubling); the next would be at 3 s, past the window
        Assert.All(outcome.Reports, r => Assert.Equal(4, r.Attempts));
        Assert.Equal(TimeSpan.FromSeconds(2), outcome.Elapsed);
    }

    [Fact]
    public async Task An_unavailable_source_is_retried_after_its_backoff_and_a_malformed_one_fails()
    {
        var flaky = new FakeDatasource("flaky", (n, token) => n == 1
            ? throw new DatasourceUnavailableException("GET 'http://x/user-data': HTTP 503")
            : FakeDatasource.Found("flaky", "hostname: late").TryFetchAsync(token));
        var broken = new FakeDatasource("broken", (_, _) => throw new DatasourceFormatException("Malformed public-keys listing"));
        var probing = DatasourceProber.ProbeAsync([broken, flaky], TimeSpan.FromSeconds(5), _clock, CancellationToken.None);
        await _clock.WhenAskedAsync(TimeSpan.FromMilliseconds(200), 1).WaitAsync(HangGuard.Limit);
        _clock.Advance(TimeSpan.FromMilliseconds(200));
        var outcome = await probing.WaitAsync(HangGuard.Limit);

        Assert.Equal("hostname: late", UserData(outcome));
        Assert.Equal((ProbeState.Failed, "Malformed public-keys listing", 1), (outcome.Reports[0].State, outcome.Reports[0].Reason, outcome.Reports[0].Attempts));
        Assert.Equal((ProbeState.Found, 2), (outcome.Reports[1].State, outcome.Reports[1].Attempts));
        Assert.Equal(TimeSpan.FromMilliseconds(200), outcome.Elapsed);
    }

    [Fact]
    public async Task A_source_that_ignores_cancellation_is_abandoned_one_second_after_the_window()
    {
        var probing = DatasourceProber.ProbeAsync([FakeDatasource.Stuck("stuck")], TimeSpan.FromSeconds(1), _clock, CancellationToken.None);
        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.False(probing.IsCompleted);
        _clock.Advance(TimeSpan.FromSeconds(1));
        var outcome = await probing.WaitAsync(HangGuard.Limit);

        Assert.Null(outcome.Chosen);
        Assert.Equal(ProbeState.Retry, Assert.Single(outcome.Reports).State);
        Assert.Equal(TimeSpan.FromSeconds(2), outcome.Elapsed);
    }
}
