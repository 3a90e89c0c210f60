using System.Net.Sockets;
using InitOS.Core.Control;

namespace InitOS.Platform.IntegrationTests.Control;

/// <summary>
/// The API's timeouts run on the server's clock: with a fake one they pass when the test moves it, so a 15-minute job
/// bound and the 10-second authentication bound are tested without waiting for either.
/// </summary>
public sealed class ServerClockTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_job_still_running_at_the_job_timeout_ends_as_timeout()
    {
        var clock = new FakeClock();
        await using var f = await ControlServerFixture.StartAsync(time: clock);
        f.Init.Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously); // never opened
        await using var client = f.Client();
        var job = client.RunServiceJobAsync("ntp", ServiceJob.Restart, CancellationToken.None);

        await clock.AdvanceWhenAskedAsync(f.Server.JobTimeout).WaitAsync(Bound);
        Assert.Equal(new JobOutcome("timeout", "The job did not finish within 900 s"), await job.WaitAsync(Bound));
        Assert.Empty(f.Init.Jobs); // the init's body never got past its gate

        // the table is free again: the next job on the same service runs
        f.Init.Gate = null;
        Assert.Equal(JobOutcome.Done("running"), await client.RunServiceJobAsync("ntp", ServiceJob.Start, CancellationToken.None).WaitAsync(Bound));
    }

    [Fact]
    public async Task A_client_that_never_authenticates_is_dropped_at_the_bound()
    {
        var clock = new FakeClock();
        await using var f = await ControlServerFixture.StartAsync(time: clock);
        using var silent = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        await silent.ConnectAsync(new UnixDomainSocketEndPoint(f.SocketPath)).WaitAsync(Bound);

        await clock.AdvanceWhenAskedAsync(TimeSpan.FromSeconds(10)).WaitAsync(Bound);
        var buffer = new byte[16];
        Assert.Equal(0, await silent.ReceiveAsync(buffer, SocketFlags.None).WaitAsync(Bound)); // closed by the server
        Assert.True(await Eventually.HoldsAsync(() => !f.Log.IsEmpty, Bound));
        Assert.Contains("did not authenticate within 10 s", Assert.Single(f.Log));

        // others are still served
        await using var client = f.Client();
        Assert.Equal("1.2.3", (await client.StatusAsync(CancellationToken.None).WaitAsync(Bound)).Version);
    }
}
