using System.Collections.Concurrent;
using InitOS.Core;
using InitOS.Core.Control;
using InitOS.Platform.Control;

namespace InitOS.Platform.IntegrationTests.Control;

/// <summary>A real <see cref="ControlServer"/> over a <see cref="FakeInitControl"/> on a socket in a fresh temp dir.</summary>
internal sealed class ControlServerFixture : IAsyncDisposable
{
    private readonly string _dir = Path.Join("/tmp", "initos-ctl-" + Guid.NewGuid().ToString("N")[..8]);

    private ControlServerFixture(UnixFileMode mode, TimeProvider? time)
    {
        SocketPath = Path.Join(_dir, "run", "control.sock");
        Server = time is null
            ? new ControlServer(SocketPath, Init, Log.Enqueue) { SocketMode = mode }
            : new ControlServer(SocketPath, Init, Log.Enqueue) { SocketMode = mode, Time = time };
    }

    /// <summary>
    /// A small init with behaviour: three services whose state the jobs change; <c>broken</c> throws from its jobs; a
    /// timeline of three marks; a transaction reports "Pulling IMAGE", ten numbered lines and "Written", and an image
    /// named <c>bad</c> fails with "os upgrade: bad is damaged" after the ten lines.
    /// </summary>
    public FakeInitControl Init { get; } = NewInit();
    public ConcurrentQueue<string> Log { get; } = new();
    public ControlServer Server { get; }
    public string SocketPath { get; }
    public string Address => "unix:path=" + SocketPath;

    /// <summary>Starts a server; <paramref name="time"/> (a fake clock) keeps its timeouts, else the real clock.</summary>
    public static async Task<ControlServerFixture> StartAsync(UnixFileMode mode = Modes.File0600, TimeProvider? time = null)
    {
        var fixture = new ControlServerFixture(mode, time);
        Directory.CreateDirectory(fixture._dir, Modes.Dir0755);
        await fixture.Server.StartAsync(CancellationToken.None);
        return fixture;
    }

    private static FakeInitControl NewInit()
    {
        var init = new FakeInitControl(
            new ServiceState("console", "system", "running", "initos/console:1", "up 3 min", true),
            new ServiceState("ntp", "system", "exited", "initos/ntp:1", "exit 0", true),
            new ServiceState("broken", "user", "absent", "example/broken", "", true))
        {
            ReloadOutcome = JobOutcome.Done("ntp: recreated"),
            TransactionScript = request =>
            {
                string[] body = [$"Pulling {request.Image}", .. Enumerable.Range(1, 10).Select(i => $"      line {i}")];
                return request.Image == "bad"
                    ? (body, JobOutcome.Failed("os upgrade: bad is damaged"))
                    : ([.. body, "Written"], JobOutcome.Done());
            },
        };
        init.Throwing.Add("broken");
        init.Timeline.AddRange(
        [
            new BootMark("mount-pseudo-filesystems", "step", 10, 5, "ok"),
            new BootMark("service:console", "service", 900, 120, "degraded"),
            new BootMark("boot-done", "mark", 1500, 0, ""),
        ]);
        return init;
    }

    public ControlClient Client() => new(SocketPath);

    public Task<Tool.Result> BusctlAsync(params string[] args) => Tool.RunAsync("busctl", ["--address=" + Address, .. args]);

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }
}
