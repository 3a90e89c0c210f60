using InitOS.CloudInit;
using InitOS.Core.Boot;
using InitOS.Platform.Block;
using InitOS.Platform.CloudInit;
using InitOS.Platform.Files;
using InitOS.Platform.Linux;
using InitOS.Platform.Logging;
using InitOS.Platform.Net;

namespace InitOS.CloudInit.Tests;

/// <summary>cloud-init-save end to end in a temp root, against a real HTTP server and real seed directories.</summary>
public sealed class SaveTests : IAsyncLifetime
{
    private const UnixFileMode Private = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode PrivateDir = Private | UnixFileMode.UserExecute;
    private readonly TempTree _tree = new();
    private readonly TestHttpServer _server = new();
    private readonly HttpMetadataFetcher _fetcher = new();
    private readonly FakeClock _clock = new(); // the probe window closes only when a test moves it
    private CloudInitLog _log = null!;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        _fetcher.Dispose();
        await _server.DisposeAsync();
        _tree.Dispose();
    }

    private void Configure(params string[] datasources) =>
        _tree.Write("/var/lib/rancher/conf/cloud-config.yml",
            "rancher:\n  cloud_init:\n    datasources:\n" + string.Concat(datasources.Select(d => $"    - \"{d}\"\n")));

    private async Task<int> SaveAsync(double windowSeconds = 5)
    {
        var files = new RootedFileStore(_tree.Root);
        _log = new CloudInitLog(new ConsoleLog(Stream.Null), () => 0);
        var volumes = new MountingConfigVolumes(new SysfsBlockDevices(_tree.Path("/sys/class/block"), _tree.Path("/dev")), new LinuxSyscalls(), files);
        // A request that times out is a retry, and a retry waits on the fake clock, which these tests move only where
        // they mean to: so the real-time request bound is far above what a loaded host needs to answer on loopback
        // (1 s was not: CI hung here once), and the run itself is bounded so that a hang fails instead.
        var save = new CloudInitSave(files, _fetcher, volumes, _log, _clock) { Window = TimeSpan.FromSeconds(windowSeconds), RequestTimeout = HangGuard.Limit / 2 };
        return await save.RunAsync(CancellationToken.None).WaitAsync(HangGuard.Limit);
    }

    private IEnumerable<string> Logged(SyslogLevel level) => _log.Written.Where(r => r.Level == level).Select(r => r.Text);

    [Fact]
    public async Task Good_user_data_is_saved_verbatim_private_and_atomically()
    {
        const string userData = "#cloud-config\n# keep me\nhostname: saved\n";
        _server.Get("/cc.yml", userData);
        Configure($"url:{_server.Url}cc.yml");

        Assert.Equal(0, await SaveAsync());
        Assert.Equal(userData, _tree.Read("/var/lib/rancher/conf/cloud-config.d/boot.yml"));
        Assert.Equal(Private, _tree.Mode("/var/lib/rancher/conf/cloud-config.d/boot.yml"));
        Assert.Equal(PrivateDir, _tree.Mode("/var/lib/rancher/conf/cloud-config.d"));
        Assert.Equal(Private, _tree.Mode("/var/lib/rancher/conf/metadata"));
        Assert.Empty(Directory.GetFiles(_tree.Path("/var/lib/rancher/conf/cloud-config.d"), ".*"));
        Assert.Contains(Logged(SyslogLevel.Notice), t => t.Contains($"Using datasource 'url:{_server.Url}cc.yml'"));
    }

    [Fact]
    public async Task Broken_user_data_is_reported_and_the_last_good_boot_yml_stays()
    {
        _server.Get("/cc.yml", "#cloud-config\nhostname: good\n");
        Configure($"url:{_server.Url}cc.yml");
        Assert.Equal(0, await SaveAsync());

        _server.Get("/cc.yml", "#cloud-config\nhostname: bad\nwrite_files: [ {path: /x\n");
        Assert.Equal(1, await SaveAsync());
        Assert.Equal("#cloud-config\nhostname: good\n", _tree.Read("/var/lib/rancher/conf/cloud-config.d/boot.yml"));
        var error = Assert.Single(Logged(SyslogLevel.Error));
        Assert.Contains("Invalid user-data", error);
        Assert.Contains("the previous boot.yml stays in effect", error);

        _server.Get("/cc.yml", "just some text\n");
        Assert.Equal(1, await SaveAsync());
        Assert.Equal("#cloud-config\nhostname: good\n", _tree.Read("/var/lib/rancher/conf/cloud-config.d/boot.yml"));
        Assert.Contains("Unrecognized user-data", Assert.Single(Logged(SyslogLevel.Error)));
    }

    [Fact]
    public async Task NoCloud_seed_saves_metadata_network_and_user_data()
    {
        _tree.Write("/media/seed/user-data", LocalSourceTests.SeedUserData);
        _tree.Write("/media/seed/meta-data", LocalSourceTests.SeedMetaData + "public-keys:\n  - ssh-rsa AAAAmeta meta@x\n");
        _tree.Write("/media/seed/network-config", "version: 1\nconfig:\n  - type: physical\n    name: eth0\n    subnets: [{type: static, address: 10.0.2.15/24, gateway: 10.0.2.2}]\n");
        Configure("nocloud:/media/seed");

        Assert.Equal(0, await SaveAsync());
        Assert.Equal(LocalSourceTests.SeedUserData + "\n", _tree.Read("/var/lib/rancher/conf/cloud-config.d/boot.yml"));
        Assert.Equal("""
            hostname: cloudimg
            instanceid: iid-local01
            networkconfig:
              interfaces:
                eth0:
                  addresses:
                  - 10.0.2.15/24
                  dhcp: false
                  gateway: 10.0.2.2
            sshpublickeys:
              "0": ssh-rsa AAAAmeta meta@x

            """, _tree.Read("/var/lib/rancher/conf/metadata"));
        Assert.Equal("""
            rancher:
              network:
                interfaces:
                  eth0:
                    addresses:
                    - 10.0.2.15/24
                    dhcp: false
                    gateway: 10.0.2.2

            """, _tree.Read("/var/lib/rancher/conf/cloud-config.d/network.yml"));
        Assert.Equal(Private, _tree.Mode("/var/lib/rancher/conf/cloud-config.d/network.yml"));
    }

    [Fact]
    public async Task Saved_metadata_is_read_back_by_the_config_loader()
    {
        _tree.Write("/media/seed/meta-data", LocalSourceTests.SeedMetaData + "public-keys: ssh-rsa AAAAmeta meta@x\n");
        Configure("nocloud:/media/seed");
        Assert.Equal(0, await SaveAsync());

        var config = Core.Config.ConfigLoader.Load(new RootedFileStore(_tree.Root));
        Assert.Equal("cloudimg", config.GetString("hostname"));
        Assert.Equal(["ssh-rsa AAAAmeta meta@x"], config.GetStringList("ssh_authorized_keys"));
    }

    [Fact]
    public async Task Script_user_data_goes_to_cloud_config_script()
    {
        _server.Get("/s", "#!/bin/sh\necho hello\n");
        Configure($"url:{_server.Url}s");
        Assert.Equal(0, await SaveAsync());
        Assert.Equal("#!/bin/sh\necho hello\n", _tree.Read("/var/lib/rancher/conf/cloud-config-script"));
        Assert.Equal(PrivateDir, _tree.Mode("/var/lib/rancher/conf/cloud-config-script"));
        Assert.Null(_tree.Read("/var/lib/rancher/conf/cloud-config.d/boot.yml"));
    }

    [Fact]
    public async Task Nothing_answering_writes_nothing_and_ends_within_the_window()
    {
        _tree.Write("/var/lib/rancher/conf/cloud-config.d/boot.yml", "#cloud-config\nhostname: old\n");
        Configure($"ec2:{_server.Url.Replace(_server.Port.ToString(), "1")}", "gce:http://127.0.0.1:1/", "configdrive:/media/config-2");
        var saving = SaveAsync(windowSeconds: 1.5);
        await _clock.WhenAskedAsync(TimeSpan.FromSeconds(1.5), 1).WaitAsync(HangGuard.Limit);
        _clock.Advance(TimeSpan.FromSeconds(1.5));
        Assert.Equal(0, await saving.WaitAsync(HangGuard.Limit));
        Assert.Equal("#cloud-config\nhostname: old\n", _tree.Read("/var/lib/rancher/conf/cloud-config.d/boot.yml"));
        Assert.Null(_tree.Read("/var/lib/rancher/conf/metadata"));
        Assert.Contains("No datasource answered within 1.5 s, keeping the saved cloud-config", Logged(SyslogLevel.Notice));
    }

    [Fact]
    public async Task Unknown_datasources_are_reported_and_the_rest_still_probed()
    {
        _server.Get("/cc.yml", "#cloud-config\nhostname: ok\n");
        Configure("vmware", "nonsense", $"url:{_server.Url}cc.yml");
        Assert.Equal(0, await SaveAsync());
        Assert.Equal(2, Logged(SyslogLevel.Warning).Count(t => t.Contains("vmware") || t.Contains("nonsense")));
        Assert.Equal("#cloud-config\nhostname: ok\n", _tree.Read("/var/lib/rancher/conf/cloud-config.d/boot.yml"));
    }
}
