using InitOS.Core.Config;
using InitOS.Core.Lifecycle;

namespace InitOS.Core.Tests.Config;

/// <summary>Issue 12: the configuration reaches the boot as typed settings, each with its default and its source.</summary>
public class BootSettingsTests
{
    private const string User = ConfigPaths.UserConfig;

    /// <summary>Every key the boot reads, each on a line of its own (line numbers in the comments).</summary>
    private const string Everything = """
        rancher:
          debug: true
          recovery: true
          test: true
          shutdown_timeout: 90
          modules: [zfs, "nf_conntrack hashsize=1024"]
          cloud_init:
            datasources: [ec2, 'url:http://x/y']
          state:
            dev: LABEL=DATA
            required: true
          system_docker:
            data_root: /var/lib/sd
          docker:
            engine: docker-27
            tls: true
          registry_auths:
            registry.example.com:
              username: u
          services:
            cron: {image: cron}
          services_include:
            ntp: true
          console: alpine
          environment:
            REGISTRY_DOMAIN: reg.example.com
          network:
            http_proxy: http://proxy:3128
            no_proxy: localhost
          upgrade:
            url: https://example.com/releases.yml
            image: me/os
            tries: 3
            health_timeout: 120
            health_check: "test -e /ok"

        """;

    internal static LoadedConfig Load(string user, string? cmdline = null)
    {
        using var root = new TempRoot().With(User, user);
        if (cmdline != null)
        {
            root.With(ConfigPaths.Cmdline, cmdline);
        }
        return ConfigLoader.Load(root.Files);
    }

    [Fact]
    public void An_empty_config_gives_every_default_from_no_source()
    {
        var settings = BootSettings.Read(Load(""));
        var defaults = new BootSettings();
        Assert.Empty(settings.Diagnostics);
        Assert.Equal((false, false, false), (settings.Debug.Value, settings.Recovery.Value, settings.Test.Value));
        Assert.Equal(TimeSpan.FromSeconds(60), settings.ShutdownTimeout.Value);
        Assert.Equal(defaults.ShutdownTimeout, settings.ShutdownTimeout);
        Assert.Empty(settings.Modules.Value);
        Assert.Empty(settings.CloudInitDatasources.Value);
        IReadOnlyList<string> none = [];
        Assert.Equal(defaults.State.Value with { Autoformat = none }, settings.State.Value with { Autoformat = none });
        Assert.Null(settings.State.Value.Device);
        Assert.Null(settings.SystemEngine.Value);
        Assert.Empty(settings.UserEngine.Value);
        Assert.Null(settings.RegistryAuths.Value);
        Assert.Null(settings.Services.Definitions.Value);
        Assert.Null(settings.Services.Includes.Value);
        Assert.Null(settings.Services.Console.Value);
        Assert.Null(settings.Services.Engine.Value);
        Assert.Equal("docker.io", settings.Services.RegistryDomain.Value);
        Assert.Empty(settings.Proxy.Environment);
        Assert.Equal(UpgradeSettings.Default, settings.Upgrade.Value);
        Assert.Equal(new UpgradeSettings(null, "initos/os", 2, TimeSpan.FromSeconds(600), null), UpgradeSettings.Default);
        Assert.All(Sources(settings), s => Assert.Same(SettingSource.Default, s.Source));
        Assert.All(Sources(defaults), s => Assert.Same(SettingSource.Default, s.Source));
    }

    [Fact]
    public void Each_value_is_read_with_the_file_line_and_column_of_its_key()
    {
        var settings = BootSettings.Read(Load(Everything));
        Assert.Empty(settings.Diagnostics);
        var at = Sources(settings).ToDictionary(s => s.Name, s => s.Source.ToString());
        Assert.Equal(new Dictionary<string, string>
        {
            ["debug"] = $"{User}:2:3",
            ["recovery"] = $"{User}:3:3",
            ["test"] = $"{User}:4:3",
            ["shutdown_timeout"] = $"{User}:5:3",
            ["modules"] = $"{User}:6:3",
            ["cloud_init.datasources"] = $"{User}:8:5",
            ["state"] = $"{User}:9:3",
            ["system_docker"] = $"{User}:12:3",
            ["docker"] = $"{User}:14:3",
            ["registry_auths"] = $"{User}:17:3",
            ["services"] = $"{User}:20:3",
            ["services_include"] = $"{User}:22:3",
            ["console"] = $"{User}:24:3",
            ["docker.engine"] = $"{User}:15:5",
            ["environment.REGISTRY_DOMAIN"] = $"{User}:26:5",
            ["network.http_proxy"] = $"{User}:28:5",
            ["network.https_proxy"] = "default",
            ["network.no_proxy"] = $"{User}:29:5",
            ["upgrade"] = $"{User}:30:3",
        }, at);

        Assert.Equal((true, true, true), (settings.Debug.Value, settings.Recovery.Value, settings.Test.Value));
        Assert.Equal(TimeSpan.FromSeconds(90), settings.ShutdownTimeout.Value);
        Assert.Equal(["zfs", "nf_conntrack hashsize=1024"], settings.Modules.Value);
        Assert.Equal(["ec2", "url:http://x/y"], settings.CloudInitDatasources.Value);
        Assert.Equal(("label", "DATA"), (settings.State.Value.Device!.By, settings.State.Value.Device.Value));
        Assert.True(settings.State.Value.Required);
        Assert.Equal("/var/lib/sd", settings.SystemEngine.Value!["data_root"]);
        Assert.Equal(true, settings.UserEngine.Value["tls"]);
        Assert.True(settings.RegistryAuths.Value!.ContainsKey("registry.example.com"));
        Assert.True(settings.Services.Definitions.Value!.ContainsKey("cron"));
        Assert.Equal(true, settings.Services.Includes.Value!["ntp"]);
        Assert.Equal(("alpine", "docker-27"), (settings.Services.Console.Value, settings.Services.Engine.Value));
        Assert.Equal("reg.example.com", settings.Services.RegistryDomain.Value);
        Assert.Equal(["HTTP_PROXY=http://proxy:3128", "http_proxy=http://proxy:3128", "NO_PROXY=localhost", "no_proxy=localhost"],
            settings.Proxy.Environment.Select(p => $"{p.Key}={p.Value}"));
        Assert.Equal(new UpgradeSettings("https://example.com/releases.yml", "me/os", 3, TimeSpan.FromSeconds(120), "test -e /ok"),
            settings.Upgrade.Value);
    }

    [Fact]
    public void A_value_from_the_kernel_line_names_the_kernel_line_and_the_rest_keeps_its_file()
    {
        var settings = BootSettings.Read(Load(Everything, "console=ttyS0 rancher.debug=false rancher.upgrade.tries=4"));
        Assert.Equal(new Setting<bool>(false, new SettingSource("kernel command line", 0, 0)), settings.Debug);
        Assert.Equal("kernel command line", settings.Debug.Source.ToString());
        Assert.Equal(4, settings.Upgrade.Value.Tries);
        Assert.Equal("me/os", settings.Upgrade.Value.Image);
        Assert.Equal($"{User}:3:3", settings.Recovery.Source.ToString());
    }

    [Fact]
    public void Scalars_in_a_list_are_text_and_null_entries_are_skipped()
    {
        var settings = BootSettings.Read(Load("rancher:\n  modules: [zfs, 8021, true, null]\n", "rancher.cloud_init.datasources=[ec2,gce]"));
        Assert.Empty(settings.Diagnostics);
        Assert.Equal(["zfs", "8021", "true"], settings.Modules.Value);
        Assert.Equal(["ec2", "gce"], settings.CloudInitDatasources.Value);
        Assert.Equal("kernel command line", settings.CloudInitDatasources.Source.ToString());
    }

    [Fact]
    public void A_blank_registry_domain_or_upgrade_image_means_the_default()
    {
        var settings = BootSettings.Read(Load("rancher:\n  environment:\n    REGISTRY_DOMAIN: ''\n  upgrade:\n    image: ' '\n    url: ' '\n"));
        Assert.Equal(new Setting<string>("docker.io"), settings.Services.RegistryDomain);
        Assert.Equal(UpgradeSettings.Default, settings.Upgrade.Value);
        Assert.Empty(settings.Diagnostics);
    }

    [Fact]
    public void UpgradeSettings_From_is_the_upgrade_part_of_the_boot_settings()
    {
        var config = Load(Everything);
        Assert.Equal(BootSettings.Read(config).Upgrade.Value, UpgradeSettings.From(config));
        Assert.Equal(UpgradeSettings.Default, UpgradeSettings.From(null));
    }

    [Fact]
    public void The_last_good_layer_names_the_last_good_file_as_the_source_of_services_and_state()
    {
        var config = Load(Everything);
        var lastGood = YamlText.ParseDocument("rancher:\n  state:\n    dev: LABEL=OLD\n  services:\n    console: {image: c}\n", LastGood.Path);
        LastGood.ApplyTo(config.Tree, lastGood.Tree);
        var settings = BootSettings.Read(new LoadedConfig(config.Tree, [.. config.Layers, LastGood.Layer(lastGood)], config.Diagnostics, config.Metadata));
        Assert.Equal($"{LastGood.Path}:2:3", settings.State.Source.ToString());
        Assert.Equal("OLD", settings.State.Value.Device!.Value);
        Assert.Equal($"{LastGood.Path}:4:3", settings.Services.Definitions.Source.ToString());
        Assert.Equal($"{User}:22:3", settings.Services.Includes.Source.ToString());
    }

    /// <summary>Every setting's source, named by its key under <c>rancher.</c>.</summary>
    internal static IEnumerable<(string Name, SettingSource Source)> Sources(BootSettings s) =>
    [
        ("debug", s.Debug.Source), ("recovery", s.Recovery.Source), ("test", s.Test.Source),
        ("shutdown_timeout", s.ShutdownTimeout.Source), ("modules", s.Modules.Source),
        ("cloud_init.datasources", s.CloudInitDatasources.Source), ("state", s.State.Source),
        ("system_docker", s.SystemEngine.Source), ("docker", s.UserEngine.Source), ("registry_auths", s.RegistryAuths.Source),
        ("services", s.Services.Definitions.Source), ("services_include", s.Services.Includes.Source),
        ("console", s.Services.Console.Source), ("docker.engine", s.Services.Engine.Source),
        ("environment.REGISTRY_DOMAIN", s.Services.RegistryDomain.Source),
        ("network.http_proxy", s.Proxy.Http.Source), ("network.https_proxy", s.Proxy.Https.Source),
        ("network.no_proxy", s.Proxy.NoProxy.Source), ("upgrade", s.Upgrade.Source),
    ];
}
