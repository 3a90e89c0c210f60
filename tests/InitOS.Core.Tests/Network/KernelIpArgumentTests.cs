using InitOS.Core.Network;
using static InitOS.Core.Tests.Network.NetTestConfig;

namespace InitOS.Core.Tests.Network;

public class KernelIpArgumentTests
{
    [Theory]
    [InlineData("ip=dhcp")]
    [InlineData("ip=on")]
    [InlineData("ip=any")]
    [InlineData("ip=bootp")]
    public void Ip_dhcp_turns_dhcp_on_for_every_device(string arg)
    {
        var plan = NetworkPlanner.Plan(Settings("hostname: h\n", "quiet " + arg + " console=ttyS0"), [Eth("eth0"), Eth("ens3")]);
        Assert.Equal(["ens3: dhcp (*)", "eth0: dhcp (*)"], plan.Links);
    }

    [Fact]
    public void Static_form_gives_address_netmask_and_gateway_on_its_device()
    {
        var plan = NetworkPlanner.Plan(Settings("", "ip=192.168.7.20:192.168.7.1:192.168.7.254:255.255.255.0:myhost:eth1:off:192.168.7.53"),
            [Eth("eth0"), Eth("eth1")]);
        Assert.Equal(["eth0: not configured (no entry selects it)", "eth1: static 192.168.7.20/24 (eth1)"], plan.Links);
        Assert.Contains(plan.Actions, a => a.ToString() == "eth1: gateway 192.168.7.254");
        Assert.Equal(["192.168.7.53"], Settings("", "ip=192.168.7.20::::h:eth1:none:192.168.7.53").UserDns.Nameservers);
    }

    [Theory]
    [InlineData("ip=10.1.2.3:::::eth0:none", "10.1.2.3/8")]
    [InlineData("ip=172.16.2.3:::::eth0:off", "172.16.2.3/16")]
    [InlineData("ip=192.168.2.3:::::eth0:", "192.168.2.3/24")]
    [InlineData("ip=192.168.2.3:::255.255.240.0::eth0", "192.168.2.3/20")]
    public void Missing_netmask_uses_the_class_default(string arg, string address)
    {
        var result = KernelIpArgument.Parse(arg);
        Assert.Empty(result.Errors);
        Assert.Equal(address, ((Dictionary<string, object?>)result.Interfaces["eth0"]!)["address"]);
    }

    [Fact]
    public void Device_with_dhcp_autoconf_and_off_are_understood()
    {
        Assert.Equal(true, ((Dictionary<string, object?>)KernelIpArgument.Parse("ip=:::::eth2:dhcp").Interfaces["eth2"]!)["dhcp"]);
        Assert.Empty(KernelIpArgument.Parse("ip=off ip=none").Interfaces);
    }

    [Theory]
    [InlineData("ip=10.0.0.300:::::eth0:off", "ip=10.0.0.300:::::eth0:off: client '10.0.0.300' is not an IPv4 address; ignored")]
    [InlineData("ip=10.0.0.3:::255.0.255.0::eth0:off", "ip=10.0.0.3:::255.0.255.0::eth0:off: netmask '255.0.255.0' is not a netmask; ignored")]
    [InlineData("ip=10.0.0.3::10.0.0.999:::eth0:off", "ip=10.0.0.3::10.0.0.999:::eth0:off: gateway '10.0.0.999' is not an IPv4 address; ignored")]
    [InlineData("ip=10.0.0.3:::::eth0:carrier-pigeon", "ip=10.0.0.3:::::eth0:carrier-pigeon: autoconf 'carrier-pigeon' is not one of off, none, dhcp, on, any, bootp, rarp, both; ignored")]
    [InlineData("ip=10.0.0.3:::::eth/0:off", "ip=10.0.0.3:::::eth/0:off: 'eth/0' is not a link name; ignored")]
    public void Bad_ip_arguments_are_reported_and_ignored(string arg, string message)
    {
        var settings = Settings("", arg);
        Assert.Equal([message], settings.Diagnostics);
        Assert.Equal("eth*", settings.Interfaces.Single().Key);
        Assert.Equal([message], NetworkPlanner.Plan(settings, [Eth("eth0")]).Diagnostics);
    }

    [Fact]
    public void The_config_wins_over_ip_for_the_same_device()
    {
        var settings = Settings("rancher: {network: {interfaces: {eth0: {address: 10.9.0.2/24}}}}", "ip=dhcp ip=10.1.2.3:::::eth0:off");
        Assert.Equal(["*", "eth0"], settings.Interfaces.Select(i => i.Key));
        Assert.Equal(["10.9.0.2/24"], settings.Interfaces.Single(i => i.Key == "eth0").Addresses);
    }
}
