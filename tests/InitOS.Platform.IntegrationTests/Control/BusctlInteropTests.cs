using System.Text.Json;
using InitOS.Core;

namespace InitOS.Platform.IntegrationTests.Control;

/// <summary>busctl, gdbus and setpriv against a real ControlServer: stock clients work on the peer socket.</summary>
public sealed class BusctlInteropTests : IAsyncLifetime
{
    private ControlServerFixture _f = null!;

    public async Task InitializeAsync() => _f = await ControlServerFixture.StartAsync(Modes.File0600);

    public async Task DisposeAsync() => await _f.DisposeAsync();

    [RequiresToolsFact(false, "busctl")]
    public async Task Busctl_introspect_lists_every_method_signal_and_property_with_values()
    {
        var r = await _f.BusctlAsync("introspect", "org.initos.Init1", "/org/initos/Init1");
        Assert.True(r.ExitCode == 0, r.ToString());
        foreach (var member in new[] { ".ListServices", ".StartService", ".GetServiceLogs", ".GetBootTimeline", ".Reload",
                     ".Subscribe", ".JobNew", ".JobRemoved", "org.freedesktop.DBus.Properties", "org.freedesktop.DBus.Peer" })
        {
            Assert.Contains(member, r.Stdout);
        }
        Assert.Matches(@"\.Version\s+property\s+s\s+""1\.2\.3""", r.Stdout);
        Assert.Matches(@"\.UptimeMs\s+property\s+t\s+123456", r.Stdout);
    }

    [RequiresToolsFact(false, "busctl")]
    public async Task Busctl_call_ListServices_returns_the_tuples()
    {
        var r = await _f.BusctlAsync("call", "org.initos.Init1", "/org/initos/Init1", "org.initos.Init1.Manager", "ListServices");
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Equal("a(ssssssb) 3 \"broken\" \"user\" \"absent\" \"example/broken\" \"\" \"\" true "
            + "\"console\" \"system\" \"running\" \"initos/console:1\" \"up 3 min\" \"\" true "
            + "\"ntp\" \"system\" \"exited\" \"initos/ntp:1\" \"exit 0\" \"\" true", r.Stdout.Trim());
    }

    [RequiresToolsFact(false, "busctl")]
    public async Task Busctl_json_short_parses()
    {
        var r = await _f.BusctlAsync("--json=short", "call", "org.initos.Init1", "/org/initos/Init1", "org.initos.Init1.Manager", "GetBootTimeline");
        Assert.True(r.ExitCode == 0, r.ToString());
        using var doc = JsonDocument.Parse(r.Stdout);
        Assert.Equal("a(sstts)", doc.RootElement.GetProperty("type").GetString());
        var marks = doc.RootElement.GetProperty("data")[0];
        Assert.Equal(3, marks.GetArrayLength());
        Assert.Equal("service:console", marks[1][0].GetString());
        Assert.Equal(120, marks[1][3].GetInt64());
    }

    [RequiresToolsFact(false, "busctl")]
    public async Task Busctl_get_property_and_tree()
    {
        var version = await _f.BusctlAsync("get-property", "org.initos.Init1", "/org/initos/Init1", "org.initos.Init1.Manager", "Version");
        Assert.True(version.ExitCode == 0, version.ToString());
        Assert.Equal("s \"1.2.3\"", version.Stdout.Trim());
        var tree = await _f.BusctlAsync("tree", "org.initos.Init1");
        Assert.True(tree.ExitCode == 0, tree.ToString());
        Assert.Contains("/org/initos/Init1", tree.Stdout);
    }

    [RequiresToolsFact(false, "busctl")]
    public async Task Busctl_errors_name_the_problem()
    {
        var wrongArgs = await _f.BusctlAsync("call", "org.initos.Init1", "/org/initos/Init1", "org.initos.Init1.Manager", "StartService", "u", "5");
        Assert.NotEqual(0, wrongArgs.ExitCode);
        Assert.Contains("takes signature 's', got 'u'", wrongArgs.Stderr);
        var unknown = await _f.BusctlAsync("call", "org.initos.Init1", "/org/initos/Init1", "org.initos.Init1.Manager", "Explode");
        Assert.NotEqual(0, unknown.ExitCode);
        Assert.Contains("Explode", unknown.Stderr);
        var noService = await _f.BusctlAsync("call", "org.initos.Init1", "/org/initos/Init1", "org.initos.Init1.Manager", "GetServiceLogs", "su", "nginx", "3");
        Assert.NotEqual(0, noService.ExitCode);
        Assert.Contains("No service 'nginx' (known: broken, console, ntp)", noService.Stderr);
    }

    [RequiresToolsFact(false, "gdbus", "busctl")]
    public async Task Gdbus_starts_a_job_whose_object_answers_while_it_runs()
    {
        _f.Init.Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var call = await Tool.RunAsync("gdbus", "call", "--address", _f.Address, "--dest", "org.initos.Init1",
            "--object-path", "/org/initos/Init1", "--method", "org.initos.Init1.Manager.StartService", "ntp");
        Assert.True(call.ExitCode == 0, call.ToString());
        Assert.Equal("(objectpath '/org/initos/Init1/job/1',)", call.Stdout.Trim());

        var type = await _f.BusctlAsync("get-property", "org.initos.Init1", "/org/initos/Init1/job/1", "org.initos.Init1.Job", "JobType");
        Assert.True(type.ExitCode == 0, type.ToString());
        Assert.Equal("s \"start\"", type.Stdout.Trim());
        var listed = await _f.BusctlAsync("call", "org.initos.Init1", "/org/initos/Init1", "org.initos.Init1.Manager", "ListServices");
        Assert.Contains("\"ntp\" \"system\" \"exited\" \"initos/ntp:1\" \"exit 0\" \"start\" true", listed.Stdout);

        await using var client = _f.Client();
        var busy = await Assert.ThrowsAsync<InitOS.Core.Control.ControlException>(
            () => client.RunServiceJobAsync("ntp", InitOS.Core.Control.ServiceJob.Stop, CancellationToken.None));
        Assert.Equal("org.initos.Init1.Error.Busy", busy.Name);
        Assert.Contains("/org/initos/Init1/job/1", busy.Message);
        _f.Init.Gate.SetResult();
    }

    [RequiresToolsFact(false, "gdbus")]
    public async Task Gdbus_introspect_shows_the_manager()
    {
        var r = await Tool.RunAsync("gdbus", "introspect", "--address", _f.Address, "--dest", "org.initos.Init1", "--object-path", "/org/initos/Init1");
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains("interface org.initos.Init1.Manager", r.Stdout);
        Assert.Contains("StartService(in  s name,", r.Stdout);
        Assert.Contains("readonly s Version = '1.2.3';", r.Stdout);
    }

    [RequiresToolsFact(false, "busctl")]
    public async Task Fifty_parallel_busctl_clients_are_all_served()
    {
        var runs = Enumerable.Range(0, 50).Select(_ =>
            _f.BusctlAsync("get-property", "org.initos.Init1", "/org/initos/Init1", "org.initos.Init1.Manager", "Phase")).ToList();
        var results = await Task.WhenAll(runs);
        Assert.All(results, r => Assert.True(r.ExitCode == 0 && r.Stdout.Trim() == "s \"running\"", r.ToString()));
        Assert.Empty(_f.Log);
    }
}
