using InitOS.Core;

namespace InitOS.Platform.IntegrationTests.Control;

/// <summary>A caller other than root (socket mode 0666 here) may read but not act.</summary>
public sealed class NonRootAccessTests : IAsyncLifetime
{
    private const UnixFileMode Mode0666 = (UnixFileMode)0b110_110_110;
    private ControlServerFixture _f = null!;

    public async Task InitializeAsync() => _f = await ControlServerFixture.StartAsync(Mode0666);

    public async Task DisposeAsync() => await _f.DisposeAsync();

    private Task<Tool.Result> AsNobodyAsync(params string[] busctlArgs) => Tool.RunAsync("setpriv",
        ["--reuid=65534", "--regid=65534", "--clear-groups", Prerequisites.Which("busctl")!, "--address=" + _f.Address, .. busctlArgs]);

    [RequiresToolsFact(true, "busctl", "gdbus", "setpriv")]
    public async Task Nobody_gets_AccessDenied_for_StartService_but_reads_and_introspects()
    {
        Assert.Equal(Mode0666, File.GetUnixFileMode(_f.SocketPath));
        var start = await AsNobodyAsync("call", "org.initos.Init1", "/org/initos/Init1", "org.initos.Init1.Manager", "StartService", "s", "ntp");
        Assert.NotEqual(0, start.ExitCode);
        Assert.Contains("Access denied", start.Stderr); // busctl prints strerror(EACCES) for this error name
        var gdbus = await Tool.RunAsync("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", Prerequisites.Which("gdbus")!,
            "call", "--address", _f.Address, "--dest", "org.initos.Init1", "--object-path", "/org/initos/Init1",
            "--method", "org.initos.Init1.Manager.StartService", "ntp");
        Assert.NotEqual(0, gdbus.ExitCode);
        Assert.Contains("org.freedesktop.DBus.Error.AccessDenied: Access denied: uid 65534 may only read", gdbus.Stderr);

        var version = await AsNobodyAsync("get-property", "org.initos.Init1", "/org/initos/Init1", "org.initos.Init1.Manager", "Version");
        Assert.True(version.ExitCode == 0, version.ToString());
        Assert.Equal("s \"1.2.3\"", version.Stdout.Trim());

        var introspect = await AsNobodyAsync("introspect", "org.initos.Init1", "/org/initos/Init1");
        Assert.True(introspect.ExitCode == 0, introspect.ToString());
        Assert.Contains(".StartService", introspect.Stdout);

        // the refused call changed nothing
        await using var client = _f.Client();
        var ntp = (await client.ListServicesAsync(CancellationToken.None)).Single(s => s.Name == "ntp");
        Assert.Equal("exited", ntp.State);
    }
}
