using InitOS.Core;
using InitOS.Platform.Control;

namespace InitOS.Platform.IntegrationTests.Control;

/// <summary>A real <see cref="ControlServer"/> over a <see cref="FakeInitControl"/> on a socket in a fresh temp dir.</summary>
internal sealed class ControlServerFixture : IAsyncDisposable
{
    private readonly string _dir = Path.Join("/tmp", "initos-ctl-" + Guid.NewGuid().ToString("N")[..8]);

    private ControlServerFixture(UnixFileMode mode)
    {
        SocketPath = Path.Join(_dir, "run", "control.sock");
        Server = new ControlServer(SocketPath, Init, Log.Add) { SocketMode = mode };
    }

    public FakeInitControl Init { get; } = new();
    public List<string> Log { get; } = [];
    public ControlServer Server { get; }
    public string SocketPath { get; }
    public string Address => "unix:path=" + SocketPath;

    public static async Task<ControlServerFixture> StartAsync(UnixFileMode mode = Modes.File0600)
    {
        var fixture = new ControlServerFixture(mode);
        Directory.CreateDirectory(fixture._dir, Modes.Dir0755);
        await fixture.Server.StartAsync(CancellationToken.None);
        return fixture;
    }

    public ControlClient Client() => new(SocketPath);

    public Task<Tool.Result> BusctlAsync(params string[] args) => Tool.RunAsync("busctl", ["--address=" + Address, .. args]);

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }
}
