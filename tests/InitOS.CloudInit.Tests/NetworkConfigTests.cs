using InitOS.Core.Config;
using InitOS.Core.Datasources;

namespace InitOS.CloudInit.Tests;

public sealed class NetworkConfigTests
{
    [Fact]
    public void Version_1_physical_and_nameserver_entries()
    {
        var tree = YamlText.Parse("""
            version: 1
            config:
              - type: physical
                name: eth0
                mac_address: "52:54:00:12:34:00"
                subnets:
                  - type: static
                    address: 192.168.1.10
                    netmask: 255.255.255.0
                    gateway: 192.168.1.1
                    dns_nameservers: [192.168.1.1]
              - type: physical
                name: eth1
                subnets: [{type: dhcp}]
              - type: nameserver
                address: [8.8.8.8]
                search: [example.com]
            """, "network-config");
        var network = NetworkConfigConverter.ToRancherNetwork(tree)!;
        Assert.Equal("""
            dns:
              nameservers:
              - 192.168.1.1
              - 8.8.8.8
              search:
              - example.com
            interfaces:
              eth0:
                addresses:
                - 192.168.1.10/24
                dhcp: false
                gateway: 192.168.1.1
                match: mac=52:54:00:12:34:00
              eth1:
                dhcp: true

            """, YamlText.Write(network));
    }

    [Fact]
    public void Version_2_ethernets_with_default_route()
    {
        var tree = YamlText.Parse("""
            network:
              version: 2
              ethernets:
                ens3:
                  dhcp4: false
                  addresses: [10.0.0.2/24, "fd00::2/64"]
                  routes: [{to: default, via: 10.0.0.1}, {to: "::/0", via: "fd00::1"}]
                  mtu: 1450
            """, "network-config");
        var network = NetworkConfigConverter.ToRancherNetwork(tree)!;
        var ens3 = (Dictionary<string, object?>)((Dictionary<string, object?>)network["interfaces"]!)["ens3"]!;
        Assert.Equal(["10.0.0.2/24", "fd00::2/64"], (List<object?>)ens3["addresses"]!);
        Assert.Equal("10.0.0.1", ens3["gateway"]);
        Assert.Equal("fd00::1", ens3["gateway_ipv6"]);
        Assert.Equal(1450L, ens3["mtu"]);
        Assert.Equal(false, ens3["dhcp"]);
        Assert.Null(NetworkConfigConverter.ToRancherNetwork(YamlText.Parse("version: 2\n", "x")));
    }
}
