using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using InitOS.Core.Datasources;
using InitOS.Platform.Net;

namespace InitOS.CloudInit.Tests;

/// <summary>Concurrent, bounded, deterministic datasource probing over real HTTP.</summary>
public sealed class ProberTests : IAsyncLifetime
{
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(1);
    private readonly TestHttpServer _first = new();
    private readonly TestHttpServer _second = new();
    private readonly HttpMetadataFetcher _fetcher = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        _fetcher.Dispose();
        await _first.DisposeAsync();
        await _second.DisposeAsync();
    }

    private UrlDatasource Url(TestHttpServer server) => new(_fetcher, server.Url + "user-data", RequestTimeout);

    private static string UserData(ProbeOutcome outcome) => Encoding.UTF8.GetString(outcome.Chosen!.UserData!);

    [Fact]
    public async Task First_in_configured_order_wins_even_when_it_answers_later()
    {
        _first.Route("GET", "/user-data", new TestHttpServer.Reply(200, "#cloud-config\nhostname: first\n"u8.ToArray(), Delay: TimeSpan.FromMilliseconds(600)));
        _second.Get("/user-data", "#cloud-config\nhostname: second\n");
        var outcome = await DatasourceProber.ProbeAsync([Url(_first), Url(_second)], TimeSpan.FromSeconds(5), TimeProvider.System, CancellationToken.None);

        Assert.Equal("#cloud-config\nhostname: first\n", UserData(outcome));
        Assert.Equal([ProbeState.Found, ProbeState.Found], outcome.Reports.Select(r => r.State));
    }

    [Fact]
    public async Task An_absent_first_source_passes_the_pick_to_the_next()
    {
        _second.Get("/user-data", "#cloud-config\nhostname: second\n");
        var outcome = await DatasourceProber.ProbeAsync([Url(_first), Url(_second)], TimeSpan.FromSeconds(5), TimeProvider.System, CancellationToken.None);

        Assert.Equal("#cloud-config\nhostname: second\n", UserData(outcome));
        Assert.Equal(ProbeState.Absent, outcome.Reports[0].State);
        Assert.True(outcome.Elapsed < TimeSpan.FromSeconds(3), $"took {outcome.Elapsed}");
    }

    [Fact]
    public async Task A_first_source_still_silent_when_the_window_closes_loses_to_one_that_answered()
    {
        _first.Route("GET", "/user-data", new TestHttpServer.Reply(200, [], Hang: true));
        _second.Get("/user-data", "#cloud-config\nhostname: second\n");
        var outcome = await DatasourceProber.ProbeAsync([Url(_first), Url(_second)], TimeSpan.FromSeconds(2), TimeProvider.System, CancellationToken.None);

        Assert.Equal("#cloud-config\nhostname: second\n", UserData(outcome));
        Assert.Equal(ProbeState.Retry, outcome.Reports[0].State);
        Assert.InRange(outcome.Elapsed, TimeSpan.FromSeconds(1.8), TimeSpan.FromSeconds(4.5));
    }

    [Fact]
    public async Task Nothing_answering_ends_at_the_window()
    {
        // A port nobody listens on: every attempt is refused at once and retried with backoff.
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        var sources = new IDatasource[]
        {
            new Ec2Datasource(_fetcher, $"http://127.0.0.1:{port}/", RequestTimeout),
            new GceDatasource(_fetcher, $"http://127.0.0.1:{port}/", RequestTimeout),
            new UrlDatasource(_fetcher, $"http://127.0.0.1:{port}/x", RequestTimeout),
        };
        var clock = Stopwatch.StartNew();
        var outcome = await DatasourceProber.ProbeAsync(sources, TimeSpan.FromSeconds(2), TimeProvider.System, CancellationToken.None);

        Assert.Null(outcome.Chosen);
        Assert.All(outcome.Reports, r => Assert.Equal(ProbeState.Retry, r.State));
        Assert.All(outcome.Reports, r => Assert.True(r.Attempts >= 3, $"{r.Name}: {r.Attempts} attempts"));
        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(1.8), TimeSpan.FromSeconds(4.5));
    }

    [Fact]
    public async Task A_source_that_ignores_cancellation_cannot_hold_the_round()
    {
        var outcome = await DatasourceProber.ProbeAsync([new StubHungDatasource()], TimeSpan.FromSeconds(1), TimeProvider.System, CancellationToken.None);
        Assert.Null(outcome.Chosen);
        Assert.InRange(outcome.Elapsed, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(3.5));
    }

    /// <summary>A datasource blocked in a call that never observes its token, like a hung mount.</summary>
    private sealed class StubHungDatasource : IDatasource
    {
        public string Name => "stuck";

        public async Task<ProbeAttempt> TryFetchAsync(CancellationToken cancellationToken)
        {
            await Task.Delay(TimeSpan.FromSeconds(20), CancellationToken.None);
            return ProbeAttempt.Absent("never");
        }
    }
}
