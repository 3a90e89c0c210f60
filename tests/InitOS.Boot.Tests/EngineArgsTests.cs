using InitOS.Core.Boot;

namespace InitOS.Boot.Tests;

public class EngineArgsTests
{
    [Fact]
    public void System_engine_defaults_use_own_socket_data_root_and_no_bridge()
    {
        var launch = SystemEnginePlan.For(null, rootIsRamdisk: true, debug: false);
        Assert.Equal(
        [
            "--bridge", "none",
            "--containerd", "/var/run/system-docker/containerd/containerd.sock",
            "--data-root", "/var/lib/system-docker",
            "--exec-root", "/var/run/system-docker",
            "--group", "root",
            "--host", "unix:///var/run/system-docker.sock",
            "--iptables=false",
            "--live-restore",
            "--pidfile", "/var/run/system-docker.pid",
            "--userland-proxy=false",
        ], launch.Arguments);
        Assert.Equal(["DOCKER_RAMDISK=true"], launch.Environment);
        Assert.Equal("/var/run/system-docker.sock", launch.Socket);
        Assert.Equal("unix:///var/run/system-docker.sock", launch.Endpoint);
        Assert.Equal(SystemEnginePlan.LogFile, launch.LogFile);
        Assert.Equal(-500, launch.OomScoreAdjust); // workloads go first under memory pressure
        Assert.Equal(-500, launch.Containerd!.OomScoreAdjust);
        Assert.Equal(
            ["--address", "/var/run/system-docker/containerd/containerd.sock", "--root", "/var/lib/system-docker/containerd/daemon",
             "--state", "/var/run/system-docker/containerd/daemon", "--log-level", "warn"],
            launch.Containerd!.Arguments);
        Assert.Equal("/var/run/system-docker/containerd/containerd.sock", launch.Containerd.Socket);
    }

    [Fact]
    public void Issue_12_live_restore_is_on_by_default_and_the_config_can_turn_it_off()
    {
        Assert.Contains("--live-restore", SystemEnginePlan.For(null, false, false).Arguments);
        var off = SystemEnginePlan.For(new Dictionary<string, object?> { ["live_restore"] = false }, false, false).Arguments;
        Assert.Contains("--live-restore=false", off);
        Assert.DoesNotContain("--live-restore", off);
    }

    [Fact]
    public void Configured_containerd_is_used_as_is()
    {
        var launch = SystemEnginePlan.For(new Dictionary<string, object?> { ["containerd"] = "/run/c.sock" }, false, false);
        Assert.Null(launch.Containerd);
        Assert.Contains("/run/c.sock", launch.Arguments);
    }

    [Fact]
    public void Config_keys_map_to_flags_per_reference()
    {
        var args = DockerDaemonArgs.Build(new Dictionary<string, object?>
        {
            ["graph"] = "/g",
            ["debug"] = true,
            ["live_restore"] = "false",
            ["storage_driver"] = "overlay2",
            ["log_opts"] = new Dictionary<string, object?> { ["max-size"] = "25m", ["max-file"] = 2L, ["empty"] = "" },
            ["insecure_registry"] = new List<object?> { "a:5000", "", "b" },
            ["extra_args"] = new List<object?> { "--mtu", "1400" },
            ["tls"] = true,
            ["tls_args"] = new List<object?> { "--tlsverify" },
            ["engine"] = "docker-1",
            ["restart"] = false,
        });
        Assert.Equal(
        [
            "--data-root", "/g",
            "--debug",
            "--insecure-registry", "a:5000", "--insecure-registry", "b",
            "--live-restore=false",
            "--log-opt", "max-file=2", "--log-opt", "max-size=25m",
            "--storage-driver", "overlay2",
            "--mtu", "1400",
            "--tlsverify",
        ], args);
    }

    [Fact]
    public void Config_overrides_defaults_and_environment_is_passed()
    {
        var launch = SystemEnginePlan.For(new Dictionary<string, object?>
        {
            ["host"] = new List<object?> { "unix:///run/sd.sock" },
            ["environment"] = new List<object?> { "HTTP_PROXY=http://p", "bogus" },
        }, rootIsRamdisk: false, debug: true);
        Assert.Equal("/run/sd.sock", launch.Socket);
        Assert.Equal(["HTTP_PROXY=http://p"], launch.Environment);
        Assert.Null(launch.LogFile);
    }
}
