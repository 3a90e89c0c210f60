using InitOS.Core.Network;

namespace InitOS.Core.Tests.Network;

public class IpJsonTests
{
    [Fact]
    public void Links_give_name_mac_kind_and_master()
    {
        var links = IpJson.ParseLinks("""
            [{"ifindex":1,"ifname":"lo","link_type":"loopback","address":"00:00:00:00:00:00"},
             {"ifindex":2,"ifname":"eth0","link_type":"ether","address":"52:54:00:AB:CD:EF","master":"bond0",
              "linkinfo":{"info_slave_kind":"bond"}},
             {"ifindex":3,"ifname":"bond0","link_type":"ether","address":"52:54:00:ab:cd:ef","linkinfo":{"info_kind":"bond"}}]
            """);
        Assert.Equal([new NetLink("lo", "", ""), new NetLink("eth0", "52:54:00:ab:cd:ef", "", "bond0"), new NetLink("bond0", "52:54:00:ab:cd:ef", "bond")], links);
    }

    [Fact]
    public void Addresses_give_cidr_scope_and_lifetime()
    {
        var addresses = IpJson.ParseAddresses("""
            [{"ifname":"eth0","addr_info":[
              {"family":"inet","local":"10.77.0.98","prefixlen":24,"scope":"global","dynamic":true},
              {"family":"inet6","local":"fe80::1","prefixlen":64,"scope":"link"}]}]
            """);
        Assert.Equal([new LinkAddress("10.77.0.98/24", "global", true), new LinkAddress("fe80::1/64", "link", false)], addresses);
    }

    [Fact]
    public void Static_links_drop_unwanted_global_addresses_but_keep_link_local_and_slaac()
    {
        var present = new[]
        {
            new LinkAddress("10.0.0.2/24", "global", false), new LinkAddress("10.0.0.9/24", "global", true),
            new LinkAddress("fd00::5/64", "global", true), new LinkAddress("fd00::2/64", "global", false),
            new LinkAddress("fe80::1/64", "link", false),
        };
        var (add, remove) = AddressChanges.For(present, ["10.0.0.2/24", "fd00:0::2/64", "10.0.0.3/24"], exclusive: true);
        Assert.Equal(["10.0.0.3/24"], add);
        Assert.Equal(["10.0.0.9/24"], remove);
        Assert.Empty(AddressChanges.For(present, [], exclusive: false).Remove);
    }

    [Fact]
    public void Bond_modes_accept_every_name_and_number()
    {
        for (var i = 0; i < BondModes.Names.Count; i++)
        {
            Assert.Equal(BondModes.Names[i], BondModes.Canonical(i.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            Assert.Equal(BondModes.Names[i], BondModes.Canonical(BondModes.Names[i].ToUpperInvariant()));
        }
        Assert.Null(BondModes.Canonical("7"));
        Assert.Null(BondModes.Canonical("lacp"));
    }
}
