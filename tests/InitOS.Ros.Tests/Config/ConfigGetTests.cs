using InitOS.Core.Config;

namespace InitOS.Ros.Tests.Config;

public class ConfigGetTests
{
    [Fact]
    public void Get_of_a_scalar_prints_it_plainly()
    {
        using var ros = new RosHarness().With(ConfigPaths.UserConfig, "hostname: box\n");
        Assert.Equal((0, "box\n"), Pick(ros.Run("config", "get", "hostname")));
    }

    [Fact]
    public void Get_of_a_map_prints_block_yaml_and_a_blank_line()
    {
        using var ros = new RosHarness().With(ConfigPaths.UserConfig,
            "rancher:\n  network:\n    dns:\n      nameservers: [1.1.1.1, 8.8.8.8]\n    interfaces:\n      eth0: {dhcp: true}\n");
        var (code, output, _) = ros.Run("config", "get", "rancher.network");
        Assert.Equal(0, code);
        Assert.Equal("dns:\n  nameservers:\n  - 1.1.1.1\n  - 8.8.8.8\ninterfaces:\n  eth0:\n    dhcp: true\n\n", output);
    }

    [Fact]
    public void Get_of_a_list_prints_block_yaml_and_a_blank_line()
    {
        using var ros = new RosHarness().With(ConfigPaths.UserConfig, "rancher:\n  network:\n    dns:\n      nameservers: [1.1.1.1]\n");
        Assert.Equal((0, "- 1.1.1.1\n\n"), Pick(ros.Run("config", "get", "rancher.network.dns.nameservers")));
    }

    [Theory]
    [InlineData("rancher.disable", "[]\n\n")]
    [InlineData("rancher.state", "{}\n\n")]
    [InlineData("rancher.debug", "false\n")]
    [InlineData("rancher.shutdown_timeout", "0\n")]
    [InlineData("hostname", "\n")]
    [InlineData("rancher.docker.live_restore", "null\n")]
    [InlineData("rancher.environment.ANYTHING", "\n")]
    public void Get_of_an_unset_schema_key_prints_its_zero_value(string key, string expected)
    {
        using var ros = new RosHarness();
        Assert.Equal((0, expected), Pick(ros.Run("config", "get", key)));
    }

    [Fact]
    public void Get_of_a_key_outside_the_schema_and_the_tree_exits_1_and_says_so()
    {
        using var ros = new RosHarness();
        var (code, output, error) = ros.Run("config", "get", "no.such.key");
        Assert.Equal(1, code);
        Assert.Equal("", output);
        Assert.Contains("'no.such.key' is not a configuration key", error);
    }

    [Fact]
    public void Get_of_an_unknown_key_that_is_set_prints_an_empty_line()
    {
        using var ros = new RosHarness().With(ConfigPaths.UserConfig, "custom: value\n");
        Assert.Equal((0, "\n"), Pick(ros.Run("config", "get", "custom")));
    }

    [Fact]
    public void Get_without_a_key_prints_nothing()
    {
        using var ros = new RosHarness();
        Assert.Equal((0, ""), Pick(ros.Run("config", "get")));
    }

    [Fact]
    public void Get_reads_the_kernel_command_line_above_the_files()
    {
        using var ros = new RosHarness()
            .With(ConfigPaths.UserConfig, "rancher:\n  network:\n    dns:\n      nameservers: [9.9.9.9]\n")
            .With(ConfigPaths.Cmdline, "quiet rancher.network.dns.nameservers=[1.1.1.1,8.8.4.4]");
        Assert.Equal((0, "- 1.1.1.1\n- 8.8.4.4\n\n"), Pick(ros.Run("config", "get", "rancher.network.dns.nameservers")));
    }

    [Fact]
    public void Get_converts_an_integer_hostname_to_text()
    {
        using var ros = new RosHarness().With(ConfigPaths.UserConfig, "hostname: 123\n");
        Assert.Equal((0, "123\n"), Pick(ros.Run("config", "get", "hostname")));
    }

    [Fact]
    public void Get_of_the_password_prints_an_empty_line_because_it_is_not_typed_config()
    {
        using var ros = new RosHarness().With(ConfigPaths.Cmdline, "rancher.password=secret");
        Assert.Equal((0, "\n"), Pick(ros.Run("config", "get", "rancher.password")));
    }

    [Fact]
    public void Get_reports_a_skipped_layer_on_stderr_and_still_answers()
    {
        using var ros = new RosHarness()
            .With(ConfigPaths.UserConfig, "hostname: ok\n")
            .With(ConfigPaths.CloudConfigDir + "/broken.yml", "rancher: [\n");
        var (code, output, error) = ros.Run("config", "get", "hostname");
        Assert.Equal(0, code);
        Assert.Equal("ok\n", output);
        Assert.Contains("/var/lib/rancher/conf/cloud-config.d/broken.yml:", error);
    }

    [Fact]
    public void Get_of_a_sysctl_uses_the_whole_dotted_name()
    {
        using var ros = new RosHarness().With(ConfigPaths.UserConfig, "rancher:\n  sysctl:\n    vm.swappiness: 10\n");
        Assert.Equal((0, "10\n"), Pick(ros.Run("config", "get", "rancher.sysctl.vm.swappiness")));
    }

    private static (int, string) Pick((int Code, string Out, string Err) r) => (r.Code, r.Out);
}
