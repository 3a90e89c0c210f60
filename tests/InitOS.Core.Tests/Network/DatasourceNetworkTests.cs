using InitOS.Core.CloudInit;
using InitOS.Core.Config;
using InitOS.Core.Datasources;
using InitOS.Core.Network;

namespace InitOS.Core.Tests.Network;

/// <summary>What cloud-init-save writes to <c>cloud-config.d/network.yml</c> is what netconf applies.</summary>
public class DatasourceNetworkTests
{
    [Fact]
    public void Network_yml_from_a_datasource_is_planned_through_the_merged_config()
    {
        var converted = NetworkConfigConverter.ToRancherNetwork(YamlText.Parse("""
            version: 1
            config:
            - type: physical
              name: eth0
              mac_address: '52:54:00:AA:00:01'
              mtu: 1450
              subnets:
              - {type: static, address: 10.20.0.5, netmask: 255.255.255.0, gateway: 10.20.0.1, dns_nameservers: [10.20.0.2]}
              - {type: static6, address: 'fd20::5/64', gateway: 'fd20::1'}
            """, "network-config"))!;
        var tree = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["rancher"] = new Dictionary<string, object?>(StringComparer.Ordinal) { ["network"] = converted },
        };
        using var root = new TempRoot()
            .With(ConfigPaths.OsConfig, File.ReadAllText(RepoPaths.File("rootfs/overlay/usr/share/ros/os-config.yml")))
            .With(CloudInitPaths.NetworkYml, YamlText.Write(tree));
        var loaded = ConfigLoader.Load(root.Files);
        Assert.Empty(loaded.Diagnostics);

        var settings = NetworkSettings.From(loaded.Tree, null);
        var plan = NetworkPlanner.Plan(settings, [new NetLink("ens3", "52:54:00:aa:00:01", ""), new NetLink("eth1", "52:54:00:aa:00:02", "")]);
        Assert.Equal(["ens3: static 10.20.0.5/24 fd20::5/64 (eth0)", "eth1: not configured (no entry selects it)"], plan.Links);
        Assert.Contains(plan.Actions, a => a.ToString() == "ens3: mtu 1450");
        Assert.Contains(plan.Actions, a => a.ToString() == "ens3: gateway 10.20.0.1");
        Assert.Contains(plan.Actions, a => a.ToString() == "ens3: gateway fd20::1");
        Assert.Equal("rancher.network.dns", ResolvConf.Choose(settings, [])!.Value.Source);
        Assert.Equal(["10.20.0.2"], settings.UserDns.Nameservers);
    }
}
