using InitOS.Core.Config;
using InitOS.Core.Lifecycle;

namespace InitOS.Core.Tests.Config;

/// <summary>
/// Issue 12, degrade by the key: an unusable value is reported with its source and that key alone takes its default
/// (a number its nearest bound); the other keys of the same layer apply; nothing throws.
/// </summary>
public class BootSettingsProblemsTests
{
    private const string User = ConfigPaths.UserConfig;

    /// <summary>A config whose tree never went through the layer type-check, as the last good file's keys do.</summary>
    private static LoadedConfig Unchecked(string yaml, string source = "/var/lib/rancher/conf/last-good.yml")
    {
        var doc = YamlText.ParseDocument(yaml, source);
        return new LoadedConfig(doc.Tree, [new ConfigLayer(source, doc.Tree) { Positions = doc.Positions }], [], CloudMetadata.Empty);
    }

    [Fact]
    public void Each_value_of_the_wrong_type_is_reported_at_its_key_and_replaced_by_its_default_alone()
    {
        var settings = BootSettings.Read(Unchecked("""
            rancher:
              debug: maybe
              test: true
              console: [a, b]
              modules: {zfs: true}
              cloud_init:
                datasources: [ec2, {url: x}]
              state: /dev/sda
              docker: 42
              system_docker: [x]
              shutdown_timeout: ten
              upgrade:
                tries: many
                image: me/os
              environment:
                REGISTRY_DOMAIN: reg.example.com
              network:
                http_proxy: {host: p}
                no_proxy: localhost

            """, "/x.yml"));
        // in the order of the properties
        Assert.Equal(
        [
            "/x.yml:2:3: rancher.debug: expected a boolean, found string \"maybe\"; using the default (false)",
            "/x.yml:11:3: rancher.shutdown_timeout: 'ten' is not an integer; ignored",
            "/x.yml:5:3: rancher.modules: expected a list of strings, found a map; using the default (none)",
            "/x.yml:7:5: rancher.cloud_init.datasources[1]: expected a string, found a map; using the default (none)",
            "/x.yml:8:3: rancher.state: expected a map, found string \"/dev/sda\"; using the default (unset)",
            "/x.yml:10:3: rancher.system_docker: expected a map, found a list; using the default (unset)",
            "/x.yml:9:3: rancher.docker: expected a map, found integer 42; using the default (unset)",
            "/x.yml:4:3: rancher.console: expected a string, found a list; using the default (unset)",
            "/x.yml:18:5: rancher.network.http_proxy: expected a string, found a map; using the default (unset)",
            "/x.yml:13:5: rancher.upgrade.tries: 'many' is not an integer; ignored",
        ], settings.Diagnostics.Select(d => d.ToString()));

        Assert.Equal(new Setting<bool>(false), settings.Debug);
        Assert.Equal(new Setting<TimeSpan>(BootSettings.DefaultShutdownTimeout), settings.ShutdownTimeout);
        Assert.Empty(settings.Modules.Value);
        Assert.True(settings.Modules.Source.IsDefault);
        Assert.Empty(settings.CloudInitDatasources.Value);
        Assert.Null(settings.State.Value.Device);
        Assert.True(settings.State.Source.IsDefault);
        Assert.Null(settings.SystemEngine.Value);
        Assert.Empty(settings.UserEngine.Value);
        Assert.Equal(new Setting<string?>(null), settings.Services.Console);
        Assert.Equal(2, settings.Upgrade.Value.Tries);
        // the other keys of the same layer apply
        Assert.Equal(new Setting<bool>(true, new SettingSource("/x.yml", 3, 3)), settings.Test);
        Assert.Equal("me/os", settings.Upgrade.Value.Image);
        Assert.Equal("reg.example.com", settings.Services.RegistryDomain.Value);
        Assert.Equal(["NO_PROXY=localhost", "no_proxy=localhost"], settings.Proxy.Environment.Select(p => $"{p.Key}={p.Value}"));
    }

    [Fact]
    public void Through_the_loader_a_value_of_the_wrong_type_is_dropped_at_its_position_and_the_layer_still_applies()
    {
        // the layer type-check removes the key before the merge (reported by the loader); the setting is its default
        var config = BootSettingsTests.Load("rancher:\n  debug: maybe\n  modules: [zfs, [x]]\n  test: true\n  shutdown_timeout: 30\n");
        Assert.Equal(
        [
            $"{User}:2:3: rancher.debug: expected a boolean (true/false, yes/no, on/off), found string \"maybe\"; key skipped",
            $"{User}:3:3: rancher.modules.1: expected a string, found a list; 'rancher.modules' skipped",
        ], config.Diagnostics.Select(d => d.ToString()));
        var settings = BootSettings.Read(config);
        Assert.Empty(settings.Diagnostics);
        Assert.Equal(new Setting<bool>(false), settings.Debug);
        Assert.Equal(new Setting<IReadOnlyList<string>>(settings.Modules.Value), settings.Modules);
        Assert.Empty(settings.Modules.Value);
        Assert.Equal(new Setting<bool>(true, new SettingSource(User, 4, 3)), settings.Test);
        Assert.Equal(new Setting<TimeSpan>(TimeSpan.FromSeconds(30), new SettingSource(User, 5, 3)), settings.ShutdownTimeout);
    }

    [Theory]
    [InlineData("shutdown_timeout", "4", 5, "is outside 5..3600 s; using 5")]
    [InlineData("shutdown_timeout", "5", 5, null)]
    [InlineData("shutdown_timeout", "3600", 3600, null)]
    [InlineData("shutdown_timeout", "3601", 3600, "is outside 5..3600 s; using 3600")]
    [InlineData("shutdown_timeout", "-1", 5, "is outside 5..3600 s; using 5")]
    [InlineData("shutdown_timeout", "99999999999999999999999", 3600, "is outside 5..3600 s; using 3600")]
    [InlineData("upgrade.tries", "0", 1, "is outside 1..5; using 1")]
    [InlineData("upgrade.tries", "1", 1, null)]
    [InlineData("upgrade.tries", "5", 5, null)]
    [InlineData("upgrade.tries", "6", 5, "is outside 1..5; using 5")]
    [InlineData("upgrade.tries", "-3", 1, "is outside 1..5; using 1")]
    [InlineData("upgrade.tries", "1e300", 5, "is outside 1..5; using 5")]
    [InlineData("upgrade.health_timeout", "59", 60, "is outside 60..3600 s; using 60")]
    [InlineData("upgrade.health_timeout", "60", 60, null)]
    [InlineData("upgrade.health_timeout", "3600", 3600, null)]
    [InlineData("upgrade.health_timeout", "3601", 3600, "is outside 60..3600 s; using 3600")]
    [InlineData("upgrade.health_timeout", "9223372036854775807", 3600, "is outside 60..3600 s; using 3600")]
    public void Numbers_are_clamped_at_both_bounds_and_a_clamp_is_reported_at_its_key(string key, string value, long expected, string? problem)
    {
        var parts = key.Split('.');
        var yaml = parts.Length == 1
            ? $"rancher:\n  test: true\n  {key}: {value}\n"
            : $"rancher:\n  test: true\n  {parts[0]}:\n    {parts[1]}: {value}\n";
        var settings = BootSettings.Read(BootSettingsTests.Load(yaml));
        var seconds = key switch
        {
            "shutdown_timeout" => (long)settings.ShutdownTimeout.Value.TotalSeconds,
            "upgrade.tries" => settings.Upgrade.Value.Tries,
            _ => (long)settings.Upgrade.Value.HealthTimeout.TotalSeconds,
        };
        Assert.Equal(expected, seconds);
        Assert.True(settings.Test.Value);
        if (problem is null)
        {
            Assert.Empty(settings.Diagnostics);
            return;
        }
        var d = Assert.Single(settings.Diagnostics);
        Assert.Equal(parts.Length == 1 ? (User, 3L, 3L) : (User, 4L, 5L), (d.Source, d.Line, d.Column));
        Assert.StartsWith($"rancher.{key}: ", d.Message);
        Assert.EndsWith(problem, d.Message);
    }

    [Fact]
    public void A_single_string_where_a_list_belongs_is_a_one_item_list()
    {
        // the layer type-check drops it from a file or the kernel line; the reader still takes it as RancherOS did
        var settings = BootSettings.Read(Unchecked("rancher:\n  cloud_init:\n    datasources: ec2\n  modules: zfs\n"));
        Assert.Empty(settings.Diagnostics);
        Assert.Equal(["ec2"], settings.CloudInitDatasources.Value);
        Assert.Equal(["zfs"], settings.Modules.Value);
    }

    [Fact]
    public void A_clamped_number_keeps_its_source_and_an_unusable_one_has_the_default_source()
    {
        var settings = BootSettings.Read(Unchecked("rancher:\n  shutdown_timeout: 1\n  upgrade:\n    health_timeout: soon\n", "/x.yml"));
        Assert.Equal(new Setting<TimeSpan>(TimeSpan.FromSeconds(5), new SettingSource("/x.yml", 2, 3)), settings.ShutdownTimeout);
        Assert.Equal(TimeSpan.FromSeconds(UpgradeSettings.DefaultHealthTimeoutSeconds), settings.Upgrade.Value.HealthTimeout);
        Assert.Equal("/x.yml:3:3", settings.Upgrade.Source.ToString());
        Assert.Equal(2, settings.Diagnostics.Count);
    }

    [Fact]
    public void A_root_that_is_not_a_map_or_a_section_of_the_wrong_kind_reads_as_defaults_without_throwing()
    {
        var settings = BootSettings.Read(Unchecked("rancher:\n  upgrade: 7\n  network: [a]\n  environment: x\n  cloud_init: true\n", "/x.yml"));
        Assert.Empty(settings.Diagnostics);
        Assert.Equal(new Setting<UpgradeSettings>(UpgradeSettings.Default), settings.Upgrade);
        Assert.Equal("docker.io", settings.Services.RegistryDomain.Value);
        Assert.Empty(BootSettings.Read(Unchecked("rancher: [a, b]\n")).Diagnostics);
    }
}
