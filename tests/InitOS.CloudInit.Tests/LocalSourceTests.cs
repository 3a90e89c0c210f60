using System.Text;
using InitOS.Core.Datasources;
using InitOS.Platform.Block;
using InitOS.Platform.CloudInit;
using InitOS.Platform.Files;
using InitOS.Platform.Linux;
using InitOS.Platform.Net;

namespace InitOS.CloudInit.Tests;

/// <summary>Config drives, NoCloud seeds and files, read from real directories, ISO images and loop devices.</summary>
public sealed class LocalSourceTests : IDisposable
{
    /// <summary>The seed from the issue: NoCloud meta-data and a #cloud-config with password and keys.</summary>
    public const string SeedUserData = """
        #cloud-config
        password: rancher-pw
        chpasswd: { expire: False }
        ssh_pwauth: True
        ssh_authorized_keys:
          - ssh-ed25519 AAAAC3NzaSeedKey seed@host
        hostname: seeded
        """;

    public const string SeedMetaData = "instance-id: iid-local01\nlocal-hostname: cloudimg\n";

    private readonly TempTree _tree = new();
    private readonly TempTree _dev = new();
    private readonly HttpMetadataFetcher _fetcher = new();

    public void Dispose()
    {
        _fetcher.Dispose();
        _tree.Dispose();
        _dev.Dispose();
    }

    /// <summary>Volumes over a fake /sys/class/block + /dev (image files stand in for device nodes).</summary>
    private MountingConfigVolumes Volumes(string sysClassBlock = "/nonexistent-sys", string? dev = null) =>
        new(new SysfsBlockDevices(sysClassBlock, dev ?? _dev.Root), new LinuxSyscalls(), new RootedFileStore(_tree.Root));

    private string SeedDirectory()
    {
        var seed = Path.Join(_dev.Root, "seed");
        Directory.CreateDirectory(seed);
        File.WriteAllText(Path.Join(seed, "user-data"), SeedUserData);
        File.WriteAllText(Path.Join(seed, "meta-data"), SeedMetaData);
        File.WriteAllText(Path.Join(seed, "network-config"), """
            version: 2
            ethernets:
              eth0:
                match: { macaddress: "52:54:00:AB:CD:EF" }
                addresses: [192.168.122.50/24]
                gateway4: 192.168.122.1
                nameservers: { addresses: [192.168.122.1], search: [lan] }
            """);
        return seed;
    }

    [Fact]
    public async Task NoCloud_seed_directory_gives_user_data_meta_data_and_network()
    {
        _tree.Write("/media/seed/user-data", SeedUserData);
        _tree.Write("/media/seed/meta-data", SeedMetaData);
        var attempt = await new NoCloudDatasource(Volumes(), _fetcher, "/media/seed", TimeSpan.FromSeconds(1), "nocloud:/media/seed").TryFetchAsync(CancellationToken.None);

        Assert.Equal(ProbeState.Found, attempt.State);
        Assert.Equal("cloudimg", attempt.Result!.Metadata.Hostname);
        Assert.Equal("iid-local01", attempt.Result.Metadata.InstanceId);
        Assert.Equal(SeedUserData, Encoding.UTF8.GetString(attempt.Result.UserData!));
    }

    [Fact]
    public void NoCloud_volume_is_found_by_its_cidata_label_in_an_iso_made_with_genisoimage()
    {
        Tools.Require(Tools.Exists("genisoimage"), "genisoimage");
        var sys = Path.Join(_dev.Root, "sys");
        Directory.CreateDirectory(sys);
        Directory.CreateDirectory(Path.Join(sys, "sr0"));
        Directory.CreateDirectory(Path.Join(sys, "vda"));
        File.WriteAllBytes(Path.Join(_dev.Root, "vda"), new byte[128 * 1024]);
        Tools.MakeIso(SeedDirectory(), "cidata", Path.Join(_dev.Root, "sr0"));

        var found = Volumes(sys).FindDeviceByLabel("CIDATA");
        Assert.Equal(Path.Join(_dev.Root, "sr0"), found);
        Assert.Null(Volumes(sys).FindDeviceByLabel("config-2"));
    }

    [RequiresRootFact]
    public async Task NoCloud_volume_on_a_loop_device_is_mounted_read_only_and_read()
    {
        // ext4 rather than ISO 9660: build hosts' kernels often lack iso9660 (the boot cases cover the ISO).
        Tools.Require(Tools.Exists("mkfs.ext4") && Tools.Exists("losetup"), "mkfs.ext4 and losetup");
        var image = Path.Join(_dev.Root, "seed.img");
        Tools.Run("mkfs.ext4", "-q", "-L", "cidata", "-d", SeedDirectory(), image, "4M");
        var loop = Tools.Run("losetup", "--find", "--show", "--read-only", image).Trim();
        try
        {
            var volumes = Volumes("/sys/class/block", "/dev");
            // SysfsBlockDevices skips loop devices when listing, so name the device as a datasource argument does.
            var attempt = await new NoCloudDatasource(volumes, _fetcher, loop, TimeSpan.FromSeconds(1), "nocloud:" + loop).TryFetchAsync(CancellationToken.None);

            Assert.Equal(ProbeState.Found, attempt.State);
            Assert.Equal("cloudimg", attempt.Result!.Metadata.Hostname);
            Assert.Equal(SeedUserData, Encoding.UTF8.GetString(attempt.Result.UserData!));
            var eth0 = (Dictionary<string, object?>)((Dictionary<string, object?>)attempt.Result.Metadata.Network!["interfaces"]!)["eth0"]!;
            Assert.Equal("mac=52:54:00:ab:cd:ef", eth0["match"]);
            Assert.DoesNotContain(Path.Join(_tree.Root, "run"), File.ReadAllText("/proc/self/mounts"));
        }
        finally
        {
            Tools.Run("losetup", "--detach", loop);
        }
    }

    [Fact]
    public async Task Config_drive_directory_uses_the_openstack_layout()
    {
        _tree.Write("/media/config-2/openstack/latest/meta_data.json", """{"uuid": "u-1", "hostname": "cd-host", "public_keys": {"k": "ssh-rsa AAAAcd cd"}}""");
        _tree.Write("/media/config-2/openstack/latest/user_data", "#cloud-config\nhostname: from-drive\n");
        var attempt = await new ConfigDriveDatasource(Volumes(), null).TryFetchAsync(CancellationToken.None);

        Assert.Equal(ProbeState.Found, attempt.State);
        Assert.Equal("cd-host", attempt.Result!.Metadata.Hostname);
        Assert.Equal("ssh-rsa AAAAcd cd", attempt.Result.Metadata.SshPublicKeys["k"]);
        Assert.Equal("#cloud-config\nhostname: from-drive\n", Encoding.UTF8.GetString(attempt.Result.UserData!));
    }

    [Fact]
    public async Task No_config_drive_and_no_labelled_volume_is_absent_at_once()
    {
        var attempt = await new ConfigDriveDatasource(Volumes(), null).TryFetchAsync(CancellationToken.None);
        var nocloud = await new NoCloudDatasource(Volumes(), _fetcher, null, TimeSpan.FromSeconds(1), "nocloud").TryFetchAsync(CancellationToken.None);
        Assert.Equal(ProbeState.Absent, attempt.State);
        Assert.Equal(ProbeState.Absent, nocloud.State);
    }

    [Fact]
    public async Task File_datasource_reads_a_file_under_the_root()
    {
        _tree.Write("/var/lib/cc.yml", "#cloud-config\nhostname: f\n");
        var found = await new FileDatasource(Volumes(), "/var/lib/cc.yml").TryFetchAsync(CancellationToken.None);
        var missing = await new FileDatasource(Volumes(), "/var/lib/none.yml").TryFetchAsync(CancellationToken.None);
        Assert.Equal("#cloud-config\nhostname: f\n", Encoding.UTF8.GetString(found.Result!.UserData!));
        Assert.Equal(ProbeState.Absent, missing.State);
    }

    [Fact]
    public async Task Broken_meta_data_yaml_fails_the_seed()
    {
        _tree.Write("/seed/meta-data", "instance-id: [unclosed\n");
        var outcome = await DatasourceProber.ProbeAsync([new NoCloudDatasource(Volumes(), _fetcher, "/seed", TimeSpan.FromSeconds(1), "nocloud:/seed")],
            TimeSpan.FromSeconds(3), new FakeClock(), CancellationToken.None);
        Assert.Equal(ProbeState.Failed, outcome.Reports[0].State);
        Assert.Contains("meta-data", outcome.Reports[0].Reason);
    }
}
