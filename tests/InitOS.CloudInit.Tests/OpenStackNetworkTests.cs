using InitOS.Core.Config;
using InitOS.Core.Datasources;

namespace InitOS.CloudInit.Tests;

public sealed class OpenStackNetworkTests
{
    [Fact]
    public void Network_data_becomes_mac_selected_interfaces_and_dns()
    {
        const string networkData = """
            {"links": [{"id": "tap1", "type": "phy", "ethernet_mac_address": "FA:16:3E:00:00:01", "mtu": 1500},
                       {"id": "tap2", "type": "phy", "ethernet_mac_address": "fa:16:3e:00:00:02"}],
             "networks": [{"id": "n0", "type": "ipv4", "link": "tap1", "ip_address": "10.0.0.5", "netmask": "255.255.255.0",
                           "routes": [{"network": "0.0.0.0", "netmask": "0.0.0.0", "gateway": "10.0.0.1"}]},
                          {"id": "n1", "type": "ipv6", "link": "tap1", "ip_address": "2001:db8::5", "netmask": "64",
                           "routes": [{"network": "::", "netmask": "::", "gateway": "2001:db8::1"}]},
                          {"id": "n2", "type": "ipv4_dhcp", "link": "tap2"}],
             "services": [{"type": "dns", "address": "10.0.0.2"}, {"type": "dns", "address": "10.0.0.2"}]}
            """;
        var meta = OpenStackMetadata.Parse("""{"uuid": "u", "hostname": "h"}"""u8.ToArray(), System.Text.Encoding.UTF8.GetBytes(networkData));

        Assert.Equal("10.0.0.5", meta.PrivateIPv4);
        Assert.Equal("2001:db8::5", meta.PrivateIPv6);
        Assert.Equal("""
            dns:
              nameservers:
              - 10.0.0.2
            interfaces:
              mac=fa:16:3e:00:00:01:
                addresses:
                - 10.0.0.5/24
                - 2001:db8::5/64
                dhcp: false
                gateway: 10.0.0.1
                gateway_ipv6: 2001:db8::1
              mac=fa:16:3e:00:00:02:
                dhcp: true

            """, YamlText.Write(meta.Network));
        // The saved network.yml reads back to the same tree.
        var written = YamlText.Write(meta.Network);
        Assert.Equal(written, YamlText.Write(YamlText.Parse(written, "network.yml")));
    }

    [Fact]
    public void Network_data_without_links_gives_no_network()
    {
        var meta = OpenStackMetadata.Parse("""{"uuid": "u"}"""u8.ToArray(), """{"networks": [{"type": "ipv4", "ip_address": "10.0.0.5"}]}"""u8.ToArray());
        Assert.Null(meta.Network);
        Assert.Equal("10.0.0.5", meta.PrivateIPv4);
    }
}
