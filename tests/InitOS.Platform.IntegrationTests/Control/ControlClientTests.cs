using InitOS.Core.Boot;
using InitOS.Core.Control;

namespace InitOS.Platform.IntegrationTests.Control;

/// <summary>The ros client against a real ControlServer: every IInitControl method round trips.</summary>
public sealed class ControlClientTests : IAsyncLifetime
{
    private ControlServerFixture _f = null!;

    public async Task InitializeAsync() => _f = await ControlServerFixture.StartAsync();

    public async Task DisposeAsync() => await _f.DisposeAsync();

    [Fact]
    public async Task Reads_status_services_logs_and_timeline()
    {
        await using var client = _f.Client();
        var status = await client.StatusAsync(CancellationToken.None);
        Assert.Equal(new InitStatus("1.2.3", "A", "running", 123456), status);

        var services = await client.ListServicesAsync(CancellationToken.None);
        Assert.Equal(["broken", "console", "ntp"], services.Select(s => s.Name));
        Assert.Equal(new ServiceState("console", "system", "running", "initos/console:1", "up 3 min", true), services[1]);

        Assert.Equal("ntp line 4\nntp line 5\n", await client.ServiceLogsAsync("ntp", 2, CancellationToken.None));

        var marks = await client.BootTimelineAsync(CancellationToken.None);
        Assert.Equal(new BootMark("service:console", "service", 900, 120, "degraded"), marks[1]);
    }

    [Fact]
    public async Task A_job_returns_its_own_outcome_and_changes_the_service()
    {
        await using var client = _f.Client();
        var outcome = await client.RunServiceJobAsync("ntp", ServiceJob.Start, CancellationToken.None);
        Assert.Equal(JobOutcome.Done("running"), outcome);
        outcome = await client.RunServiceJobAsync("ntp", ServiceJob.Remove, CancellationToken.None);
        Assert.Equal(JobOutcome.Done("absent"), outcome);
        Assert.Equal("absent", (await client.ListServicesAsync(CancellationToken.None)).Single(s => s.Name == "ntp").State);
        Assert.Equal(JobOutcome.Done("ntp: recreated"), await client.ReloadAsync(CancellationToken.None));
    }

    [Fact]
    public async Task A_failing_job_ends_failed_with_the_message()
    {
        await using var client = _f.Client();
        var outcome = await client.RunServiceJobAsync("broken", ServiceJob.Up, CancellationToken.None);
        Assert.Equal(JobOutcome.Failed("image 'example/broken' not found"), outcome);
    }

    [Fact]
    public async Task Control_exceptions_round_trip_with_name_and_message()
    {
        await using var client = _f.Client();
        var logs = await Assert.ThrowsAsync<ControlException>(() => client.ServiceLogsAsync("nginx", 1, CancellationToken.None));
        Assert.Equal(ControlNames.ErrorNoSuchService, logs.Name);
        Assert.Equal("No service 'nginx' (known: broken, console, ntp)", logs.Message);

        var job = await Assert.ThrowsAsync<ControlException>(() => client.RunServiceJobAsync("nginx", ServiceJob.Start, CancellationToken.None));
        Assert.Equal(ControlNames.ErrorNoSuchService, job.Name);
    }

    [Fact]
    public async Task Power_requests_reach_the_init()
    {
        await using var client = _f.Client();
        await client.RequestPowerAsync(PowerAction.PowerOff, CancellationToken.None);
        await client.RequestPowerAsync(PowerAction.Reboot, CancellationToken.None);
        await client.RequestPowerAsync(PowerAction.Halt, CancellationToken.None);
        Assert.Equal([PowerAction.PowerOff, PowerAction.Reboot, PowerAction.Halt], _f.Init.PowerRequests);
    }

    [Fact]
    public async Task Concurrent_clients_each_get_their_own_job_outcome()
    {
        var clients = Enumerable.Range(0, 50).Select(_ => _f.Client()).ToList();
        string[] names = ["console", "ntp"];
        var outcomes = await Task.WhenAll(clients.Select((c, i) => RetryBusyAsync(c, names[i % 2])));
        Assert.All(outcomes, o => Assert.True(o.Succeeded, o.Message));
        foreach (var c in clients)
        {
            await c.DisposeAsync();
        }
        Assert.Empty(_f.Log);
    }

    // Two services, fifty clients: most find the service busy at first; each retries until its own job ran.
    private static async Task<JobOutcome> RetryBusyAsync(InitOS.Platform.Control.ControlClient client, string name)
    {
        while (true)
        {
            try
            {
                return await client.RunServiceJobAsync(name, ServiceJob.Restart, CancellationToken.None);
            }
            catch (ControlException e) when (e.Name == ControlNames.ErrorBusy)
            {
                await Task.Yield();
            }
        }
    }

    [Fact]
    public async Task A_missing_socket_says_the_init_cannot_be_reached()
    {
        await using var client = new InitOS.Platform.Control.ControlClient(Path.Join(Path.GetTempPath(), "no-such-dir", "control.sock"));
        var e = await Assert.ThrowsAsync<ControlException>(() => client.StatusAsync(CancellationToken.None));
        Assert.Equal(ControlNames.ErrorNotReady, e.Name);
        Assert.StartsWith("cannot reach the init at /tmp/no-such-dir/control.sock: ", e.Message);
        Assert.DoesNotContain("Exception", e.Message);
    }

    [Fact]
    public async Task After_dispose_the_socket_is_gone_and_clients_are_told()
    {
        await _f.Server.DisposeAsync();
        Assert.False(File.Exists(_f.SocketPath));
        await using var client = _f.Client();
        var e = await Assert.ThrowsAsync<ControlException>(() => client.StatusAsync(CancellationToken.None));
        Assert.Equal(ControlNames.ErrorNotReady, e.Name);
    }
}
