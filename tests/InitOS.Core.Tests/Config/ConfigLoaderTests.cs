using InitOS.Core.Config;

namespace InitOS.Core.Tests.Config;

public class ConfigLoaderTests
{
    private const string Os = ConfigPaths.OsConfig;
    private const string Oem = ConfigPaths.OemConfig;
    private const string User = ConfigPaths.UserConfig;
    private const string D = ConfigPaths.CloudConfigDir;

    [Fact]
    public void Layers_apply_lowest_first_os_oem_dir_user_cmdline()
    {
        var root = new MemoryFileStore()
            .With(Os, "hostname: os\nrancher:\n  console: os\n  log: false\n  shutdown_timeout: 1\n  upgrade: {image: os}\n")
            .With(Oem, "hostname: oem\nrancher:\n  console: oem\n  shutdown_timeout: 2\n")
            .With(D + "/a.yml", "hostname: dir\nrancher:\n  console: dir\n")
            .With(User, "hostname: user\n")
            .With(ConfigPaths.Cmdline, "cc.hostname=cmdline");
        var config = ConfigLoader.Load(root);
        Assert.Empty(config.Diagnostics);
        Assert.Equal("cmdline", config.GetString("hostname"));
        Assert.Equal("dir", config.GetString("rancher.console"));
        Assert.Equal(2, config.GetInt("rancher.shutdown_timeout"));
        Assert.Equal("os", config.GetString("rancher.upgrade.image"));
    }

    [Fact]
    public void Cloud_config_d_applies_in_byte_order_and_skips_dot_files()
    {
        var root = new MemoryFileStore()
            .With(D + "/b.yml", "hostname: b\n")
            .With(D + "/B.yml", "hostname: B\n")
            .With(D + "/a.yml", "hostname: a\n")
            .With(D + "/.hidden.yml", "hostname: hidden\n");
        root.WithDirectories(D + "/zz-dir.yml");
        var config = ConfigLoader.Load(root);
        Assert.Equal("b", config.GetString("hostname"));
        Assert.Equal(["/var/lib/rancher/conf/cloud-config.d/B.yml", "/var/lib/rancher/conf/cloud-config.d/a.yml", "/var/lib/rancher/conf/cloud-config.d/b.yml"],
            config.Layers.Select(l => l.Source).Where(s => s.StartsWith(D, StringComparison.Ordinal)));
    }

    [Fact]
    public void A_layer_with_a_syntax_error_is_skipped_and_reported_with_file_line_and_column()
    {
        var root = new MemoryFileStore()
            .With(D + "/good.yml", "hostname: good\n")
            .With(D + "/zbad.yml", "hostname: bad\nrancher: [unclosed\n");
        var config = ConfigLoader.Load(root);
        Assert.Equal("good", config.GetString("hostname"));
        var d = Assert.Single(config.Diagnostics);
        Assert.Equal(D + "/zbad.yml", d.Source);
        Assert.True(d.Line >= 2);
        Assert.True(d.Column >= 1);
        Assert.Equal("hostname: bad\nrancher: [unclosed\n", root.Read(D + "/zbad.yml"));
    }

    [Fact]
    public void Issue_12_a_key_that_fails_type_checking_is_skipped_alone_with_its_position()
    {
        var root = new MemoryFileStore()
            .With(User, "rancher:\n  log: true\n")
            .With(D + "/x.yml", "hostname: kept\nrancher:\n  debug: notabool\n  state:\n    dev: LABEL=RANCHER_STATE\n");
        var config = ConfigLoader.Load(root);
        Assert.Equal("kept", config.GetString("hostname"));
        Assert.Equal("LABEL=RANCHER_STATE", config.GetString("rancher.state.dev"));
        Assert.Null(config.Get("rancher.debug"));
        Assert.True(config.GetBool("rancher.log"));
        var d = Assert.Single(config.Diagnostics);
        Assert.Equal(D + "/x.yml", d.Source);
        Assert.Equal((3L, 3L), (d.Line, d.Column));
        Assert.Equal("rancher.debug: expected a boolean (true/false, yes/no, on/off), found string \"notabool\"; key skipped", d.Message);
        Assert.Equal("hostname: kept\nrancher:\n  debug: notabool\n  state:\n    dev: LABEL=RANCHER_STATE\n", root.Read(D + "/x.yml"));
    }

    [Theory]
    [InlineData("rancher:\n  network:\n    dns:\n      nameservers: 8.8.8.8\n", "rancher.network.dns.nameservers", 4, 7)]
    [InlineData("ssh_authorized_keys: ssh-rsa AAA\n", "ssh_authorized_keys", 1, 1)]
    [InlineData("rancher:\n  shutdown_timeout: \"60\"\n", "rancher.shutdown_timeout", 2, 3)]
    [InlineData("rancher:\n  network: [a]\n", "rancher.network", 2, 3)]
    [InlineData("rancher:\n  console: [a, b]\n", "rancher.console", 2, 3)]
    [InlineData("ssh_authorized_keys: [ssh-rsa A, {a: b}]\n", "ssh_authorized_keys", 1, 1)]
    public void Issue_12_type_errors_skip_the_key_and_keep_the_rest_of_the_layer(string layer, string key, long line, long column)
    {
        var root = new MemoryFileStore().With(User, "hostname: kept\n" + layer);
        var config = ConfigLoader.Load(root);
        var d = Assert.Single(config.Diagnostics);
        Assert.Contains(key, d.Message);
        Assert.Equal((line + 1, column), (d.Line, d.Column));
        // (meta-data merging leaves an empty key list where no layer set one)
        Assert.True(config.Get(key) is null or List<object?> { Count: 0 }, $"{key} is still set");
        Assert.Equal("kept", config.GetString("hostname"));
    }

    [Fact]
    public void Issue_12_a_bad_field_of_a_list_entry_drops_that_field_only()
    {
        var root = new MemoryFileStore().With(User,
            "write_files:\n- path: /a\n  append: maybe\n- path: /b\n  content: x\n");
        var config = ConfigLoader.Load(root);
        var d = Assert.Single(config.Diagnostics);
        Assert.Equal((3L, 3L), (d.Line, d.Column));
        Assert.StartsWith("write_files.0.append: expected a boolean", d.Message);
        var files = Assert.IsType<List<object?>>(config.Get("write_files"));
        Assert.Equal(2, files.Count);
        Assert.Equal(new Dictionary<string, object?> { ["path"] = "/a" }, files[0]);
    }

    [Fact]
    public void Integers_convert_to_string_fields_and_unknown_keys_are_kept()
    {
        var root = new MemoryFileStore().With(User, "hostname: 123\nunknown_key: {a: 1}\n");
        var config = ConfigLoader.Load(root);
        Assert.Empty(config.Diagnostics);
        Assert.Equal("123", config.GetTyped("hostname"));
        Assert.NotNull(config.GetMap("unknown_key"));
    }

    [Fact]
    public void Missing_and_empty_files_are_empty_layers()
    {
        var root = new MemoryFileStore().With(User, "\n\n").With(Os, "");
        var config = ConfigLoader.Load(root);
        Assert.Empty(config.Diagnostics);
        Assert.Empty(config.Layers);
    }

    [Fact]
    public void Extra_cmdline_is_parsed_again_and_beats_proc_cmdline()
    {
        var root = new MemoryFileStore()
            .With(D + "/init.yml", "EXTRA_CMDLINE: /init cc.hostname=nope rancher.password=three\nrancher:\n  environment:\n    EXTRA_CMDLINE: /init cc.hostname=nope rancher.password=three\n")
            .With(ConfigPaths.Cmdline, "cc.hostname=proc rancher.password=one");
        var config = ConfigLoader.Load(root);
        Assert.Equal("nope", config.GetString("hostname"));
        Assert.Equal("three", config.GetString("rancher.password"));
        Assert.Equal("/init cc.hostname=nope rancher.password=three", config.GetString("rancher.environment.EXTRA_CMDLINE"));
    }

    [Fact]
    public void Debug_turns_on_every_daemon_debug_and_log()
    {
        var root = new MemoryFileStore().With(ConfigPaths.Cmdline, "rancher.debug");
        var config = ConfigLoader.Load(root);
        foreach (var key in new[] { "rancher.docker.debug", "rancher.system_docker.debug", "rancher.bootstrap_docker.debug", "rancher.log" })
        {
            Assert.True(config.GetBool(key), key);
        }
    }

    [Fact]
    public void A_bad_cmdline_value_skips_only_that_argument()
    {
        var root = new MemoryFileStore().With(ConfigPaths.Cmdline, "rancher.debug=maybe cc.hostname=x");
        var config = ConfigLoader.Load(root);
        Assert.Equal("x", config.GetString("hostname"));
        Assert.Null(config.Get("rancher.debug"));
        var d = Assert.Single(config.Diagnostics);
        Assert.Equal("kernel command line", d.Source);
        Assert.Equal("kernel command line: 'rancher.debug=maybe': rancher.debug: expected a boolean (true/false, yes/no, on/off), found string \"maybe\"; argument skipped", d.ToString());
    }

    [Fact]
    public void Issue_12_one_bad_kernel_argument_keeps_the_state_device()
    {
        var root = new MemoryFileStore()
            .With(User, "rancher:\n  network:\n    dns:\n      nameservers: [1.1.1.1]\n")
            .With(ConfigPaths.Cmdline, "console=ttyS0 rancher.state.dev=LABEL=RANCHER_STATE rancher.network=5 rancher.state.wait");
        var config = ConfigLoader.Load(root);
        Assert.Equal("LABEL=RANCHER_STATE", config.GetString("rancher.state.dev"));
        Assert.True(config.GetBool("rancher.state.wait"));
        Assert.Equal(["1.1.1.1"], config.GetStringList("rancher.network.dns.nameservers"));
        var d = Assert.Single(config.Diagnostics);
        Assert.Contains("'rancher.network=5': rancher.network: expected a map, found integer 5; argument skipped", d.Message);
    }

    [Fact]
    public void A_later_argument_that_fails_does_not_undo_an_earlier_good_one_for_the_same_key()
    {
        var root = new MemoryFileStore().With(ConfigPaths.Cmdline, "rancher.state.dev=LABEL=A rancher.state.dev=[x] rancher.state=oops");
        var config = ConfigLoader.Load(root);
        Assert.Equal(2, config.Diagnostics.Count);
        Assert.Equal("LABEL=A", config.GetString("rancher.state.dev"));
    }

    [Fact]
    public void Metadata_fills_the_hostname_only_when_unset()
    {
        var root = new MemoryFileStore().With(ConfigPaths.Metadata, "Hostname: meta\n");
        Assert.Equal("meta", ConfigLoader.Load(root).GetString("hostname"));
        root.With(User, "hostname: mine\n");
        Assert.Equal("mine", ConfigLoader.Load(root).GetString("hostname"));
    }

    [Fact]
    public void Metadata_keys_are_appended_in_string_order_of_their_names()
    {
        var root = new MemoryFileStore()
            .With(User, "ssh_authorized_keys: [ssh-rsa CONFIG]\n")
            .With(ConfigPaths.Metadata, "sshpublickeys:\n  \"10\": ssh-rsa TEN\n  \"2\": ssh-rsa TWO\n  \"0\": ssh-rsa ZERO\n  \"1\": ssh-rsa ONE\n");
        Assert.Equal(["ssh-rsa CONFIG", "ssh-rsa ZERO", "ssh-rsa ONE", "ssh-rsa TEN", "ssh-rsa TWO"],
            ConfigLoader.Load(root).GetStringList("ssh_authorized_keys"));
    }

    [Fact]
    public void Ssh_authorized_keys_is_always_present()
    {
        var root = new MemoryFileStore();
        Assert.Equal(new List<object?>(), ConfigLoader.Load(root).Get("ssh_authorized_keys"));
    }

    [Fact]
    public void Metadata_root_disk_sets_resize_device_when_unset()
    {
        var root = new MemoryFileStore().With(ConfigPaths.Metadata, "RootDisk: /dev/vda\n");
        Assert.Equal("/dev/vda", ConfigLoader.Load(root).GetString("rancher.resize_device"));
    }

    [Fact]
    public void Public_ipv4_is_substituted_from_metadata_in_disk_layers()
    {
        var root = new MemoryFileStore()
            .With(ConfigPaths.Metadata, "PublicIPv4: 203.0.113.7\nPrivateIPv4: [10, 0, 0, 5]\n")
            .With(User, "rancher:\n  environment:\n    PUB: $public_ipv4\n    PRIV: $private_ipv4\n    LIT: \\$public_ipv4\n    V6: x$public_ipv6\n");
        var config = ConfigLoader.Load(root);
        Assert.Equal("203.0.113.7", config.GetString("rancher.environment.PUB"));
        Assert.Equal("10.0.0.5", config.GetString("rancher.environment.PRIV"));
        Assert.Equal("$public_ipv4", config.GetString("rancher.environment.LIT"));
        Assert.Equal("x", config.GetString("rancher.environment.V6"));
    }

    [Fact]
    public void Substitution_falls_back_to_coreos_environment_variables()
    {
        var root = new MemoryFileStore().With(User, "hostname: h-$private_ipv4\n");
        var config = ConfigLoader.Load(root, new ConfigLoadOptions
        {
            Environment = new Dictionary<string, string> { ["COREOS_PRIVATE_IPV4"] = "192.0.2.1" },
        });
        Assert.Equal("h-192.0.2.1", config.GetString("hostname"));
    }

    [Fact]
    public void Export_view_without_built_in_layers_leaves_os_and_oem_out()
    {
        var root = new MemoryFileStore().With(Os, "rancher:\n  console: os\n").With(User, "hostname: u\n");
        var config = ConfigLoader.Load(root, new ConfigLoadOptions { IncludeBuiltIn = false });
        Assert.Null(config.GetString("rancher.console"));
        Assert.Equal("u", config.GetString("hostname"));
    }

    [Fact]
    public void The_shipped_os_config_loads_cleanly_and_validates()
    {
        var text = File.ReadAllText(RepoPaths.File("rootfs/overlay/usr/share/ros/os-config.yml"));
        var root = new MemoryFileStore().With(Os, text);
        var config = ConfigLoader.Load(root);
        Assert.Empty(config.Diagnostics);
        Assert.Empty(InitOS.Core.Config.Schema.SchemaChecker.Validate(YamlText.Parse(text, "os-config.yml")));
        Assert.Equal(["unix:///var/run/system-docker.sock"], config.GetStringList("rancher.system_docker.host"));
    }
}
