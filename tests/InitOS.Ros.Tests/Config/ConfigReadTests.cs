using InitOS.Core.Config;

namespace InitOS.Ros.Tests.Config;

/// <summary><c>ros config export</c>, <c>validate</c> and <c>images</c>.</summary>
public class ConfigReadTests
{
    private const string User = ConfigPaths.UserConfig;

    [Fact]
    public void Export_removes_password_autologin_and_extra_cmdline_always()
    {
        using var ros = new RosHarness()
            .With(User, "hostname: h\nEXTRA_CMDLINE: /init x\nrancher:\n  environment:\n    EXTRA_CMDLINE: /init x\n")
            .With(ConfigPaths.Cmdline, "rancher.password=secret rancher.autologin=ttyS0");
        var (code, output, _) = ros.Run("config", "export", "--private");
        Assert.Equal(0, code);
        Assert.Equal("hostname: h\nrancher:\n  environment:\n    EXTRA_CMDLINE: /init x\nssh_authorized_keys: []\n\n", output);
    }

    [Fact]
    public void Export_removes_ssh_and_docker_tls_material_unless_private()
    {
        using var ros = new RosHarness().With(User,
            "rancher:\n  ssh:\n    keys: {ssh_host_rsa_key: PRIVATE}\n  docker:\n    ca_key: K\n    ca_cert: C\n    server_key: SK\n    server_cert: SC\n    tls: true\n");
        var plain = ros.Run("config", "export").Out;
        Assert.DoesNotContain("PRIVATE", plain);
        Assert.DoesNotContain("ca_key", plain);
        Assert.DoesNotContain("server_cert", plain);
        Assert.Contains("tls: true", plain);
        var full = ros.Run("config", "export", "-p").Out;
        Assert.Contains("PRIVATE", full);
        Assert.Contains("server_cert: SC", full);
    }

    [Fact]
    public void Export_leaves_out_the_built_in_layers_unless_full()
    {
        using var ros = new RosHarness()
            .With(ConfigPaths.OsConfig, "rancher:\n  console: default\n")
            .With(ConfigPaths.OemConfig, "rancher:\n  modules: [oem]\n");
        Assert.DoesNotContain("console", ros.Run("config", "export").Out);
        var full = ros.Run("config", "export", "--full").Out;
        Assert.Contains("console: default", full);
        Assert.Contains("- oem", full);
    }

    [Fact]
    public void Export_keeps_unknown_keys_and_raw_types()
    {
        using var ros = new RosHarness().With(User, "custom: {num: 5}\nhostname: 123\n");
        Assert.Equal("custom:\n  num: 5\nhostname: 123\nssh_authorized_keys: []\n\n", ros.Run("config", "export").Out);
    }

    [Fact]
    public void Export_to_a_file_writes_0600_without_the_extra_newline()
    {
        using var ros = new RosHarness().With(User, "hostname: h\n");
        var target = Path.Combine(ros.Root, "out", "export.yml");
        Assert.Equal(0, ros.Run("config", "export", "-o", target).Code);
        Assert.Equal("hostname: h\nssh_authorized_keys: []\n", File.ReadAllText(target));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(target));
    }

    [Fact]
    public void Validate_of_a_clean_file_exits_0_silently()
    {
        using var ros = new RosHarness();
        Assert.Equal((0, "", ""), ros.RunWithInput("hostname: ok\nrancher:\n  debug: true\n", "config", "validate"));
    }

    [Fact]
    public void Validate_prints_every_error_and_exits_1()
    {
        using var ros = new RosHarness();
        var (code, _, error) = ros.RunWithInput("bad_key: 1\nrancher:\n  debug: notabool\n", "config", "validate");
        Assert.Equal(1, code);
        Assert.Equal("bad_key: Additional property bad_key is not allowed\nrancher.debug: Invalid type. Expected: boolean, given: string\n"
            + "<stdin>:3:3: rancher.debug: expected a boolean (true/false, yes/no, on/off), found string \"notabool\"; key skipped\n", error);
    }

    [Fact]
    public void Issue_12_validate_lists_each_key_loading_would_skip_with_its_position()
    {
        using var ros = new RosHarness();
        var input = Path.Combine(ros.Root, "cc.yml");
        File.WriteAllText(input, "hostname: ok\nrancher:\n  state:\n    dev: [a]\n  network: 5\nssh_authorized_keys: [ssh-rsa A, [x]]\n");
        var (code, _, error) = ros.Run("config", "validate", "-i", input);
        Assert.Equal(1, code);
        var skipped = error.Split('\n').Where(l => l.StartsWith(input + ":", StringComparison.Ordinal)).ToList();
        Assert.Equal([
            $"{input}:4:5: rancher.state.dev: expected a string, found a list; key skipped",
            $"{input}:5:3: rancher.network: expected a map, found integer 5; key skipped",
            $"{input}:6:1: ssh_authorized_keys.1: expected a string, found a list; 'ssh_authorized_keys' skipped",
        ], skipped);
    }

    private const string LastGoodYml = "rancher:\n  services:\n    console:\n      image: initos/os-console:v1\n      command: [console-init]\n  state:\n    dev: LABEL=RANCHER_STATE\n";

    private static RosHarness WithLastGood() => new RosHarness()
        .With("/usr/share/ros/os-config.yml", "rancher:\n  services:\n    console:\n      image: initos/os-console:v1\n      command: [console-init]\n  state:\n    dev: LABEL=RANCHER_STATE\n")
        .With("/var/lib/rancher/conf/last-good.yml", LastGoodYml)
        .With("/dev/disk/by-label/RANCHER_STATE", "");

    [Fact]
    public void Issue_12_validate_reports_a_file_that_would_make_the_boot_fall_back_to_the_last_good_configuration()
    {
        using var ros = WithLastGood();
        var (code, _, error) = ros.RunWithInput("rancher:\n  state:\n    dev: LABEL=TYPO\n  services:\n    console:\n      image: ''\n", "config", "validate");
        Assert.Equal(1, code);
        Assert.Equal(
            "fallback: as cloud-config.yml this would make the next boot take rancher.services and rancher.state from '/var/lib/rancher/conf/last-good.yml': rancher.services.console has no image\n"
            + "fallback: as cloud-config.yml this would make the next boot take rancher.services and rancher.state from '/var/lib/rancher/conf/last-good.yml': rancher.state.dev 'LABEL=TYPO' is not found (the last good 'LABEL=RANCHER_STATE' is present)\n",
            error);
    }

    [Fact]
    public void Issue_12_validate_of_a_file_that_keeps_console_and_state_reports_no_fallback()
    {
        using var ros = WithLastGood();
        Assert.Equal((0, "", ""), ros.RunWithInput("hostname: ok\nrancher:\n  services:\n    console:\n      image: my/console:v2\n", "config", "validate"));
    }

    [Fact]
    public void Issue_12_validate_refuses_a_deep_file_naming_it()
    {
        using var ros = new RosHarness();
        var input = Path.Combine(ros.Root, "deep.yml");
        File.WriteAllText(input, "a: " + new string('[', 100_000) + new string(']', 100_000) + "\n");
        var (code, _, error) = ros.Run("config", "validate", "-i", input);
        Assert.Equal(1, code);
        Assert.Contains($"{input}:1:", error);
        Assert.Contains("nested deeper than 64 levels (the limit); the whole file would be skipped", error);
    }

    [Fact]
    public void A_key_with_more_components_than_the_depth_limit_is_refused_by_set()
    {
        using var ros = new RosHarness();
        var (code, _, error) = ros.Run("config", "set", string.Join('.', Enumerable.Repeat("a", 1000)), "1");
        Assert.Equal(1, code);
        Assert.Contains("has 1000 components; at most 64 are allowed", error);
    }

    [Fact]
    public void Validate_reports_a_syntax_error_with_its_position_and_exits_1()
    {
        using var ros = new RosHarness();
        var input = Path.Combine(ros.Root, "cc.yml");
        File.WriteAllText(input, "hostname: a\n  bad: indent\n");
        var (code, _, error) = ros.Run("config", "validate", "-i", input);
        Assert.Equal(1, code);
        Assert.Contains(input + ":2:", error);
    }

    [Fact]
    public void Validate_rejects_crlf()
    {
        using var ros = new RosHarness();
        Assert.Equal(1, ros.RunWithInput("hostname: a\r\n", "config", "validate").Code);
    }

    [Fact]
    public void Validate_of_a_missing_file_exits_1()
    {
        using var ros = new RosHarness();
        var (code, _, error) = ros.Run("config", "validate", "-i", "/nonexistent/cc.yml");
        Assert.Equal(1, code);
        Assert.Contains("no such file", error);
    }

    [Fact]
    public void Images_lists_service_and_bootstrap_images_sorted_and_deduplicated_on_one_line()
    {
        using var ros = new RosHarness();
        var input = Path.Combine(ros.Root, "svc.yml");
        File.WriteAllText(input, "rancher:\n  services:\n    b: {image: z/img:1}\n    a: {image: a/img:2}\n    c: {image: z/img:1}\n    d: {command: x}\n  bootstrap:\n    boot: {image: m/boot:3}\n");
        Assert.Equal((0, "a/img:2 m/boot:3 z/img:1\n", ""), ros.Run("config", "images", "-i", input));
    }

    [Fact]
    public void Images_without_input_uses_the_merged_config()
    {
        using var ros = new RosHarness()
            .With(ConfigPaths.OsConfig, "rancher:\n  services:\n    syslog: {image: initos/os-base:v1}\n")
            .With(User, "rancher:\n  services:\n    web: {image: nginx}\n");
        Assert.Equal("initos/os-base:v1 nginx\n", ros.Run("config", "images").Out);
    }

    [Fact]
    public void Images_fills_the_os_version_into_image_names()
    {
        using var ros = new RosHarness()
            .With("/usr/share/ros/os-release", "NAME=InitOS\nVERSION_ID=1.2.3\n")
            .With(ConfigPaths.OsConfig, "rancher:\n  services:\n    udev: {image: \"initos/os-base:${VERSION}\"}\n");
        Assert.Equal("initos/os-base:1.2.3\n", ros.Run("config", "images").Out);
    }

    [Fact]
    public void Config_help_lists_every_subcommand()
    {
        using var ros = new RosHarness();
        var (code, output, _) = ros.Run("config", "--help");
        Assert.Equal(0, code);
        foreach (var verb in new[] { "get", "set", "merge", "export", "validate", "images" })
        {
            Assert.Contains("  " + verb, output);
        }
    }

    [Fact]
    public void The_c_alias_reaches_config()
    {
        using var ros = new RosHarness().With(User, "hostname: via-alias\n");
        Assert.Equal("via-alias\n", ros.Run("c", "get", "hostname").Out);
    }

    [Fact]
    public void Version_names_the_initos_version_and_image()
    {
        using var ros = new RosHarness();
        var output = ros.Run("--version").Out;
        Assert.Matches(@"^version v\d+\.\d+\.\d+ from os image initos/os:v\d+\.\d+\.\d+\n$", output);
    }

    [Fact]
    public void An_unknown_command_exits_non_zero()
    {
        using var ros = new RosHarness();
        Assert.NotEqual(0, ros.Run("config", "frobnicate").Code);
    }
}

public class ValidateNotAppliedTests
{
    [Fact]
    public void Validate_names_sub_keys_initos_does_not_apply_without_failing()
    {
        using var ros = new RosHarness();
        var (code, _, error) = ros.RunWithInput("ntp:\n  enabled: false\n  servers: [pool.example]\nssh_pwauth: unchanged\n", "config", "validate");
        Assert.Equal(0, code);
        Assert.Contains("note: 'ntp.enabled", error);
    }

    [Fact]
    public void Validate_names_rancher_keys_initos_does_not_apply_yet_and_not_the_applied_ones()
    {
        using var ros = new RosHarness();
        var (code, _, error) = ros.RunWithInput(
            "rancher:\n  services_include: {open-vm-tools: true}\n  repositories: {extra: {url: 'https://example.invalid/os-services'}}\n  network:\n    wifi_networks: {home: {ssid: x}}\n    dns: {nameservers: [1.1.1.1]}\n  sysctl: {vm.swappiness: 10}\n",
            "config", "validate");
        Assert.Equal(0, code);
        Assert.DoesNotContain("rancher.repositories", error);
        Assert.DoesNotContain("rancher.services_include", error);
        Assert.Contains("note: 'rancher.network.wifi_networks'", error);
        Assert.DoesNotContain("rancher.network.dns", error);
        Assert.DoesNotContain("rancher.sysctl", error);
    }
}
