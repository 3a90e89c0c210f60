using InitOS.Core.Network;
using static InitOS.Core.Tests.Network.NetTestConfig;

namespace InitOS.Core.Tests.Network;

/// <summary>Every bad value names its key, its interface is left alone, and the other interfaces still come up.</summary>
public class BadInputTests
{
    [Theory]
    [InlineData("address: 10.0.0.300/24", "rancher.network.interfaces.eth1.address: '10.0.0.300/24' is not an address")]
    [InlineData("address: 10.0.0.3", "rancher.network.interfaces.eth1.address: '10.0.0.3' has no prefix length (write 10.0.0.3/24 or /64)")]
    [InlineData("address: 10.0.0.3/33", "rancher.network.interfaces.eth1.address: '10.0.0.3/33' is not an address")]
    [InlineData("address: 10.1/8", "rancher.network.interfaces.eth1.address: '10.1/8' is not an address")]
    [InlineData("addresses: [10.0.0.2/24, 'fd00::1/129']", "rancher.network.interfaces.eth1.addresses: 'fd00::1/129' is not an address")]
    [InlineData("addresses: ['fe80::1%eth0/64']", "rancher.network.interfaces.eth1.addresses: 'fe80::1%eth0/64' is not an address")]
    [InlineData("gateway: 10.0.0.256", "rancher.network.interfaces.eth1.gateway: '10.0.0.256' is not an IPv4 address")]
    [InlineData("gateway: 'fd00::1'", "rancher.network.interfaces.eth1.gateway: 'fd00::1' is not an IPv4 address")]
    [InlineData("gateway_ipv6: 10.0.0.1", "rancher.network.interfaces.eth1.gateway_ipv6: '10.0.0.1' is not an IPv6 address")]
    [InlineData("mtu: 0", "rancher.network.interfaces.eth1.mtu: '0' is not an MTU (68-65535)")]
    [InlineData("mtu: 67", "rancher.network.interfaces.eth1.mtu: '67' is not an MTU (68-65535)")]
    [InlineData("mtu: 65536", "rancher.network.interfaces.eth1.mtu: '65536' is not an MTU (68-65535)")]
    [InlineData("mtu: -1", "rancher.network.interfaces.eth1.mtu: '-1' is not an MTU (68-65535)")]
    [InlineData("mtu: jumbo", "rancher.network.interfaces.eth1.mtu: 'jumbo' is not an MTU (68-65535)")]
    [InlineData("vlans: '0'", "rancher.network.interfaces.eth1.vlans: '0' is not a VLAN id (1-4094)")]
    [InlineData("vlans: '100,4095'", "rancher.network.interfaces.eth1.vlans: '4095' is not a VLAN id (1-4094)")]
    [InlineData("vlans: 'x:foo'", "rancher.network.interfaces.eth1.vlans: 'x' is not a VLAN id (1-4094)")]
    [InlineData("vlans: '5:a-name-far-too-long'", "rancher.network.interfaces.eth1.vlans: 'a-name-far-too-long' is not a link name (1-15 characters, no '/', ':' or spaces)")]
    [InlineData("bond: 'bo/nd'", "rancher.network.interfaces.eth1.bond: 'bo/nd' is not a link name (1-15 characters, no '/', ':' or spaces)")]
    [InlineData("bridge: 'my bridge'", "rancher.network.interfaces.eth1.bridge: 'my bridge' is not a link name (1-15 characters, no '/', ':' or spaces)")]
    [InlineData("bond_opts: {mode: 7}", "rancher.network.interfaces.eth1.bond_opts.mode: '7' is not a bonding mode (balance-rr, active-backup, balance-xor, broadcast, 802.3ad, balance-tlb, balance-alb or 0-6)")]
    [InlineData("bond_opts: {mode: fastest}", "rancher.network.interfaces.eth1.bond_opts.mode: 'fastest' is not a bonding mode (balance-rr, active-backup, balance-xor, broadcast, 802.3ad, balance-tlb, balance-alb or 0-6)")]
    [InlineData("bond_opts: {miimon: '1 2'}", "rancher.network.interfaces.eth1.bond_opts.miimon: '1 2' is not a bonding option value")]
    public void Bad_value_is_named_and_only_its_interface_is_skipped(string entry, string message)
    {
        var plan = Plan($$"""
            rancher:
              network:
                interfaces:
                  eth*: {dhcp: true}
                  eth1: {{{entry}}}
                  eth2: {address: 10.2.0.2/24}
            """, Eth("eth0"), Eth("eth1"), Eth("eth2"));
        Assert.Equal([message + "; 'eth1' left unconfigured"], plan.Diagnostics);
        Assert.DoesNotContain(plan.Actions, a => a.Link == "eth1");
        Assert.Equal(["eth0: dhcp (eth*)", "eth1: skipped, eth1 has an error", "eth2: static 10.2.0.2/24 (eth2)"], plan.Links);
        Assert.StartsWith("! " + message, plan.ToText(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_broken_bond_is_not_created_and_its_slaves_stay_out_of_it()
    {
        var plan = Plan("""
            rancher:
              network:
                interfaces:
                  eth0: {bond: bond0}
                  bond0: {bond_opts: {mode: 9}, address: 10.1.0.2/24}
                  eth1: {address: 10.2.0.2/24}
            """, Eth("eth0"), Eth("eth1"));
        Assert.Single(plan.Diagnostics);
        Assert.StartsWith("rancher.network.interfaces.bond0.bond_opts.mode: '9' is not a bonding mode", plan.Diagnostics[0], StringComparison.Ordinal);
        Assert.EndsWith("; entry ignored", plan.Diagnostics[0], StringComparison.Ordinal);
        Assert.DoesNotContain(plan.Actions, a => a.Kind is NetActionKind.CreateBond or NetActionKind.Enslave);
        Assert.Contains(plan.Actions, a => a.ToString() == "eth1: addresses exclusive 10.2.0.2/24");
    }

    [Fact]
    public void A_vlan_name_that_grows_too_long_is_skipped_with_its_key()
    {
        var plan = Plan("rancher: {network: {interfaces: {enp0s31f6long: {vlans: '1000'}}}}", Eth("enp0s31f6long"));
        Assert.Equal(["rancher.network.interfaces.enp0s31f6long.vlans: 'enp0s31f6long.1000' is longer than 15 characters; VLAN 1000 on 'enp0s31f6long' skipped"], plan.Diagnostics);
        Assert.DoesNotContain(plan.Actions, a => a.Kind == NetActionKind.CreateVlan);
    }

    [Fact]
    public void A_bond_whose_name_is_taken_by_a_device_is_not_created()
    {
        var plan = Plan("rancher: {network: {interfaces: {eth0: {bond: eth1}}}}", Eth("eth0"), Eth("eth1"));
        Assert.Equal(["'eth1' exists as a device, not a bond; not created"], plan.Diagnostics);
        Assert.DoesNotContain(plan.Actions, a => a.Kind == NetActionKind.Enslave);
    }
}
