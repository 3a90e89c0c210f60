using InitOS.Core.Config;

namespace InitOS.Ros.Tests.Config;

/// <summary><c>ros config set</c> and <c>merge</c>: what they write, and what they refuse to write.</summary>
public class ConfigWriteTests
{
    private const string User = ConfigPaths.UserConfig;

    [Fact]
    public void Set_writes_block_yaml_with_a_typed_list()
    {
        using var ros = new RosHarness();
        Assert.Equal(0, ros.Run("config", "set", "rancher.network.dns.nameservers", "['1.1.1.1']").Code);
        Assert.Equal("rancher:\n  network:\n    dns:\n      nameservers:\n      - 1.1.1.1\n", ros.Read(User));
    }

    [Fact]
    public void Set_writes_the_file_0600_in_a_0700_directory()
    {
        using var ros = new RosHarness();
        Assert.Equal(0, ros.Run("config", "set", "hostname", "box").Code);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(ros.Resolve(User)));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute,
            File.GetUnixFileMode(ros.Resolve(ConfigPaths.ConfDir)));
    }

    [Fact]
    public void Set_keeps_other_keys_and_sorts_them()
    {
        using var ros = new RosHarness().With(User, "zeta: 1\nrancher:\n  debug: true\n");
        Assert.Equal(0, ros.Run("config", "set", "hostname", "box").Code);
        Assert.Equal("hostname: box\nrancher:\n  debug: true\nzeta: 1\n", ros.Read(User));
    }

    [Theory]
    [InlineData("5", "x: 5\n")]
    [InlineData("0755", "x: 493\n")]
    [InlineData("yes", "x: true\n")]
    [InlineData("a:b", "x: a:b\n")]
    [InlineData("~", "x: null\n")]
    [InlineData("'5'", "x: \"5\"\n")]
    public void Set_types_the_value_like_the_kernel_command_line(string value, string expectedEnvironment)
    {
        using var ros = new RosHarness();
        Assert.Equal(0, ros.Run("config", "set", "rancher.environment.x", value).Code);
        var expected = "rancher:\n  environment:\n    " + expectedEnvironment;
        Assert.Equal(expected, ros.Read(User));
    }

    [Fact]
    public void Set_accepts_a_map_value()
    {
        using var ros = new RosHarness();
        Assert.Equal(0, ros.Run("config", "set", "rancher.network.interfaces.eth0", "{dhcp: false, address: 10.0.0.2/24}").Code);
        Assert.Equal("rancher:\n  network:\n    interfaces:\n      eth0:\n        address: 10.0.0.2/24\n        dhcp: false\n", ros.Read(User));
    }

    [Theory]
    [InlineData("rancher.sysctl.vm.swappiness")]
    [InlineData("rancher.sysctl.\"vm.swappiness\"")]
    [InlineData("rancher.sysctl.vm\\.swappiness")]
    public void Set_addresses_keys_with_dots(string key)
    {
        using var ros = new RosHarness();
        Assert.Equal(0, ros.Run("config", "set", key, "10").Code);
        Assert.Equal("rancher:\n  sysctl:\n    vm.swappiness: 10\n", ros.Read(User));
        Assert.Equal((0, "10\n"), (ros.Run("config", "get", key).Code, ros.Run("config", "get", key).Out));
    }

    [Fact]
    public void Set_of_a_value_of_the_wrong_type_exits_1_and_leaves_the_file_alone()
    {
        using var ros = new RosHarness().With(User, "hostname: box\n");
        var (code, _, error) = ros.Run("config", "set", "rancher.debug", "1");
        Assert.Equal(1, code);
        Assert.Contains("rancher.debug", error);
        Assert.Equal("hostname: box\n", ros.Read(User));
    }

    [Fact]
    public void Set_through_a_scalar_exits_1_naming_the_blocking_key()
    {
        using var ros = new RosHarness().With(User, "rancher:\n  console: default\n");
        var (code, _, error) = ros.Run("config", "set", "rancher.console.x", "1");
        Assert.Equal(1, code);
        Assert.Contains("'rancher.console'", error);
        Assert.Equal("rancher:\n  console: default\n", ros.Read(User));
    }

    [Fact]
    public void Set_refuses_to_rewrite_a_broken_file_and_keeps_it()
    {
        using var ros = new RosHarness().With(User, "rancher: [oops\n");
        var (code, _, error) = ros.Run("config", "set", "hostname", "box");
        Assert.Equal(1, code);
        Assert.Contains(User, error);
        Assert.Equal("rancher: [oops\n", ros.Read(User));
    }

    [Fact]
    public void Set_keeps_metadata_variables_unsubstituted()
    {
        using var ros = new RosHarness()
            .With(User, "rancher:\n  environment:\n    IP: $public_ipv4\n")
            .With(ConfigPaths.Metadata, "PublicIPv4: 203.0.113.9\n");
        Assert.Equal(0, ros.Run("config", "set", "hostname", "h").Code);
        Assert.Contains("IP: $public_ipv4", ros.Read(User));
        Assert.Equal("203.0.113.9\n", ros.Run("config", "get", "rancher.environment.IP").Out);
    }

    [Fact]
    public void Set_with_a_missing_value_is_a_usage_error()
    {
        using var ros = new RosHarness();
        Assert.NotEqual(0, ros.Run("config", "set", "hostname").Code);
        Assert.False(ros.Exists(User));
    }

    [Fact]
    public void Merge_merges_maps_and_replaces_lists()
    {
        using var ros = new RosHarness().With(User, "ssh_authorized_keys: [a]\nrancher:\n  debug: true\n");
        var (code, _, _) = ros.RunWithInput("ssh_authorized_keys: [b]\nrancher:\n  console: debian\n", "config", "merge");
        Assert.Equal(0, code);
        Assert.Equal("rancher:\n  console: debian\n  debug: true\nssh_authorized_keys:\n- b\n", ros.Read(User));
    }

    [Fact]
    public void Merge_reads_a_file_with_dash_i()
    {
        using var ros = new RosHarness();
        var input = Path.Combine(ros.Root, "in.yml");
        File.WriteAllText(input, "hostname: fromfile\n");
        Assert.Equal(0, ros.Run("config", "merge", "-i", input).Code);
        Assert.Equal("hostname: fromfile\n", ros.Read(User));
    }

    [Fact]
    public void Merge_rejects_crlf()
    {
        using var ros = new RosHarness();
        var (code, _, error) = ros.RunWithInput("hostname: x\r\n", "config", "merge");
        Assert.Equal(1, code);
        Assert.Contains("CRLF", error);
        Assert.False(ros.Exists(User));
    }

    [Fact]
    public void Merge_of_invalid_yaml_exits_1_with_the_rancheros_banner()
    {
        using var ros = new RosHarness().With(User, "hostname: keep\n");
        var (code, _, error) = ros.RunWithInput("rancher: [\n", "config", "merge");
        Assert.Equal(1, code);
        Assert.Contains("EXITING: Failed to parse configuration", error);
        Assert.Equal("hostname: keep\n", ros.Read(User));
    }

    [Fact]
    public void Merge_of_a_type_error_exits_1_and_changes_nothing()
    {
        using var ros = new RosHarness().With(User, "hostname: keep\n");
        var (code, _, error) = ros.RunWithInput("rancher:\n  debug: maybe\n", "config", "merge");
        Assert.Equal(1, code);
        Assert.Contains("rancher.debug", error);
        Assert.Equal("hostname: keep\n", ros.Read(User));
    }

    [Fact]
    public void Concurrent_sets_in_one_process_lose_no_update()
    {
        using var ros = new RosHarness();
        Parallel.For(0, 16, i => Assert.Equal(0, ros.Run("config", "set", $"rancher.environment.K{i}", $"v{i}").Code));
        var text = ros.Read(User);
        for (var i = 0; i < 16; i++)
        {
            Assert.Contains($"K{i}: v{i}", text);
        }
    }

    [Fact]
    public void No_temporary_file_is_left_behind()
    {
        using var ros = new RosHarness();
        Assert.Equal(0, ros.Run("config", "set", "hostname", "x").Code);
        Assert.Equal([".cloud-config.lock", "cloud-config.yml"],
            Directory.GetFiles(ros.Resolve(ConfigPaths.ConfDir)).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }
}
