using System.Net;
using System.Net.Sockets;
using System.Text;
using InitOS.Core.Datasources;
using InitOS.Platform.Net;

namespace InitOS.CloudInit.Tests;

/// <summary>
/// Probing over real HTTP: what the real fetcher's answers mean to the prober. The order rule, the window, the
/// backoff and the hard stop are DatasourceProberTests' (Core.Tests), with scripted sources on a fake clock.
/// </summary>
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

    [Fact]
    public async Task An_absent_first_source_passes_the_pick_to_the_next()
    {
        _second.Get("/user-data", "#cloud-config\nhostname: second\n");
        // the window never closes on a clock nobody moves: the pick is made on the answers alone
        var outcome = await DatasourceProber.ProbeAsync([Url(_first), Url(_second)], TimeSpan.FromSeconds(5), new FakeClock(), CancellationToken.None)
            .WaitAsync(HangGuard.Limit);

        Assert.Equal("#cloud-config\nhostname: second\n", Encoding.UTF8.GetString(outcome.Chosen!.UserData!));
        Assert.Equal(ProbeState.Absent, outcome.Reports[0].State);
        Assert.Equal(TimeSpan.Zero, outcome.Elapsed);
    }

    [Fact]
    public async Task A_refused_connection_asks_for_a_retry()
    {
        // A port bound but never listened on: every attempt is refused at once. The socket holds the port for the
        // whole test, so no listener of a test running beside this one can be given it (a freed port can be, and
        // then answers 404: the cause of a CI failure).
        using var holder = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        holder.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var port = ((IPEndPoint)holder.LocalEndPoint!).Port;
        IDatasource[] sources =
        [
            new Ec2Datasource(_fetcher, $"http://127.0.0.1:{port}/", RequestTimeout),
            new GceDatasource(_fetcher, $"http://127.0.0.1:{port}/", RequestTimeout),
            new UrlDatasource(_fetcher, $"http://127.0.0.1:{port}/x", RequestTimeout),
        ];
        foreach (var source in sources)
        {
            var attempt = await source.TryFetchAsync(CancellationToken.None).WaitAsync(HangGuard.Limit);
            Assert.True(attempt.State == ProbeState.Retry, $"{source.Name}: {attempt.State} ({attempt.Reason})");
        }
    }
}
