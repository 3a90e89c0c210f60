using InitOS.Core.Network;
using static InitOS.Core.Tests.Network.NetTestConfig;

namespace InitOS.Core.Tests.Network;

public class NetworkPlannerTests
{
    [Fact]
    public void No_interfaces_means_dhcp_on_eth_star_and_engine_links_are_left_alone()
    {
        var plan = Plan("hostname: box\n", Eth("eth1"), Eth("eth0"), Eth("docker0"), Eth("docker-sys"), Eth("veth12ab"),
            Eth("br-0a1b"), Eth("lo"), Eth("ens3"));
        Assert.Equal(Lines([.. Lo,
            "eth0: accept_ra 2", "eth0: up", $"eth0: dhcp {Dhcpcd} eth0",
            "eth1: accept_ra 2", "eth1: up", $"eth1: dhcp {Dhcpcd} eth1"]), plan.ToText());
        Assert.Equal(["ens3: not configured (no entry selects it)", "eth0: dhcp (eth*)", "eth1: dhcp (eth*)"], plan.Links);
        Assert.Equal(["eth0", "eth1"], plan.DhcpLinks);
    }

    [Fact]
    public void Exact_name_beats_a_glob_and_static_links_drop_other_addresses()
    {
        var text = Text("""
            hostname: box
            rancher:
              network:
                interfaces:
                  eth*: {dhcp: true}
                  eth1: {address: 10.0.0.2/24, gateway: 10.0.0.1, mtu: 9000}
            """, Eth("eth0"), Eth("eth1"));
        Assert.Equal(Lines([.. Lo,
            "eth0: accept_ra 2", "eth0: up", $"eth0: dhcp {Dhcpcd} eth0",
            "eth1: mtu 9000", "eth1: addresses exclusive 10.0.0.2/24", "eth1: up", "eth1: gateway 10.0.0.1"]), text);
    }

    [Fact]
    public void Only_star_is_a_wildcard()
    {
        var plan = Plan("rancher: {network: {interfaces: {'eth[0-1]': {dhcp: true}, 'e*h*': {address: 10.9.9.9/8}}}}", Eth("eth0"));
        Assert.Equal(["eth0: static 10.9.9.9/8 (e*h*)"], plan.Links);
    }

    [Theory]
    [InlineData("mac=52:54:00:12:34:56")]
    [InlineData("mac:52:54:00:12:34:56")]
    [InlineData("mac=52:54:00:*")]
    [InlineData("MAC=52:54:00:12:34:*")]
    public void A_mac_selector_wins_over_the_exact_name(string selector)
    {
        var yaml = $"rancher: {{network: {{interfaces: {{'{selector}': {{address: 10.1.1.1/24}}, eth0: {{dhcp: true}}}}}}}}";
        var plan = Plan(yaml, Eth("eth0", "52:54:00:12:34:56"));
        var expected = selector.StartsWith("MAC", StringComparison.Ordinal) ? "eth0: dhcp (eth0)" : $"eth0: static 10.1.1.1/24 ({selector})";
        Assert.Equal([expected], plan.Links);
    }

    [Fact]
    public void Mac_case_does_not_matter_and_the_match_key_overrides_the_map_key()
    {
        var plan = Plan("""
            rancher:
              network:
                interfaces:
                  uplink: {match: 'mac=52:54:00:AB:*', address: 10.1.1.1/24}
                  lan: {match: eth1, address: 10.2.2.2/24}
            """, Eth("eth0", "52:54:00:ab:cd:ef"), Eth("eth1", "52:54:00:00:00:01"), Eth("lan"));
        Assert.Equal(["eth0: static 10.1.1.1/24 (uplink)", "eth1: static 10.2.2.2/24 (lan)", "lan: not configured (no entry selects it)"], plan.Links);
    }

    [Fact]
    public void Bond_is_created_with_its_mode_first_then_options_then_slaves_then_the_bond()
    {
        var text = Text("""
            hostname: box
            rancher:
              network:
                interfaces:
                  eth0: {bond: bond0}
                  eth1: {bond: bond0, mtu: 9000}
                  bond0:
                    bond_opts: {mode: 1, miimon: 100, downdelay: 200}
                    address: 10.1.0.2/24
                    gateway: 10.1.0.1
                    mtu: 9000
            """, Eth("eth0"), Eth("eth1"));
        Assert.Equal(Lines([.. Lo,
            "create bond bond0 mode active-backup", "bond0: bond option downdelay=200", "bond0: bond option miimon=100",
            "eth0: master bond0", "eth0: addresses exclusive", "eth0: up",
            "eth1: master bond0", "eth1: mtu 9000", "eth1: addresses exclusive", "eth1: up",
            "bond0: mtu 9000", "bond0: addresses exclusive 10.1.0.2/24", "bond0: up", "bond0: gateway 10.1.0.1"]), text);
    }

    [Fact]
    public void A_rerun_creates_nothing_that_exists_and_does_not_enslave_again()
    {
        var yaml = """
            rancher:
              network:
                interfaces:
                  eth0: {bond: bond0}
                  bond0: {bond_opts: {mode: active-backup}, address: 10.1.0.2/24, vlans: '7'}
            """;
        var text = Text(yaml, Eth("eth0") with { Master = "bond0" }, new NetLink("bond0", "aa:bb:cc:dd:ee:ff", "bond"),
            new NetLink("bond0.7", "aa:bb:cc:dd:ee:ff", "vlan"));
        Assert.DoesNotContain("create", text, StringComparison.Ordinal);
        Assert.DoesNotContain("master", text, StringComparison.Ordinal);
        Assert.Contains("bond0: addresses exclusive 10.1.0.2/24\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Vlans_get_link_dot_id_or_the_given_name_and_are_configured_by_their_own_entries()
    {
        var text = Text("""
            rancher:
              network:
                interfaces:
                  eth0: {address: 10.0.0.2/24, vlans: '100,200:foo'}
                  eth0.100: {address: 10.100.0.2/24}
                  foo: {address: 'fd00:200::2/64', gateway_ipv6: 'fd00:200::1'}
            """, Eth("eth0"));
        Assert.Equal(Lines([.. Lo,
            "create vlan eth0.100 on eth0 id 100", "create vlan foo on eth0 id 200",
            "eth0: addresses exclusive 10.0.0.2/24", "eth0: up",
            "eth0.100: addresses exclusive 10.100.0.2/24", "eth0.100: up",
            "foo: addresses exclusive fd00:200::2/64", "foo: up", "foo: gateway fd00:200::1"]), text);
    }

    [Fact]
    public void Bridge_true_creates_a_bridge_and_bridge_name_enslaves_into_it()
    {
        var text = Text("""
            rancher:
              network:
                interfaces:
                  br0: {bridge: true, address: 10.3.0.2/24}
                  eth1: {bridge: br0}
            """, Eth("eth1"));
        Assert.Equal(Lines([.. Lo, "create bridge br0",
            "eth1: master br0", "eth1: addresses exclusive", "eth1: up",
            "br0: addresses exclusive 10.3.0.2/24", "br0: up"]), text);
    }

    [Fact]
    public void Commands_run_in_order_with_iface_substituted()
    {
        var text = Text("""
            hostname: box
            rancher:
              network:
                pre_cmds: ["echo pre $iface"]
                post_cmds: ["echo 'post cmds'"]
                interfaces:
                  eth0: {dhcp: true, pre_up: ["ethtool -K $iface tso off"], post_up: ["sh -c 'echo up $iface'"]}
            """, Eth("eth0"));
        Assert.Equal(Lines([.. Lo, "run echo pre $iface",
            "eth0: run ethtool -K eth0 tso off", "eth0: accept_ra 2", "eth0: up", $"eth0: dhcp {Dhcpcd} eth0",
            "eth0: run sh -c echo up eth0", "run echo post cmds"]), text);
        var plan = Plan("rancher: {network: {post_cmds: [\"sh -c 'echo up'\"]}}", Eth("eth0"));
        Assert.Equal(["sh", "-c", "echo up"], plan.Actions[^1].Values);
    }

    [Fact]
    public void Dhcp_may_set_the_hostname_only_when_no_layer_names_one_and_dhcp_args_replace_the_client()
    {
        var lease = DhcpLease.Parse("new_ip_address=10.0.0.5\nnew_host_name=from-dhcp\n");
        Assert.Equal("from-dhcp", DhcpHostname.Choose(Settings("hostname: ''\n"), [("eth0", lease)]));
        Assert.Null(DhcpHostname.Choose(Settings("hostname: mine\n"), [("eth0", lease)]));
        Assert.Null(DhcpHostname.Choose(Settings(""), [("eth0", DhcpLease.Parse("new_ip_address=10.0.0.5\n"))]));
        var custom = Plan("hostname: h\nrancher: {network: {interfaces: {eth0: {dhcp: true, dhcp_args: '/sbin/dhcpcd -4 -e x=1'}}}}", Eth("eth0"));
        Assert.Equal([.. "/sbin/dhcpcd -4 -e x=1 -B --persistent --timeout 0 --script /run/initos/dhcpcd-hook eth0".Split(' ')],
            custom.Actions.Single(a => a.Kind == NetActionKind.StartDhcp).Values);
    }

    [Fact]
    public void Ipv4ll_on_a_static_link_adds_a_stable_link_local_address_and_keeps_others()
    {
        var text = Text("rancher: {network: {interfaces: {eth0: {ipv4ll: true}}}}", Eth("eth0", "52:54:00:12:34:56"));
        Assert.Contains("eth0: addresses keep-others 169.254.53.86/16\n", text, StringComparison.Ordinal);
        Assert.Equal("169.254.53.86/16", LinkLocal.FromMac("52:54:00:12:34:56"));
        Assert.Null(LinkLocal.FromMac(""));
    }

    [Fact]
    public void Dhcp_timeout_comes_from_the_network_then_the_defaults()
    {
        Assert.Equal(10, Settings("").DhcpTimeout);
        Assert.Equal(7, Settings("rancher: {defaults: {network: {dhcp_timeout: 7}}}").DhcpTimeout);
        Assert.Equal(3, Settings("rancher: {network: {dhcp_timeout: 3}, defaults: {network: {dhcp_timeout: 7}}}").DhcpTimeout);
    }

    [Theory]
    [InlineData("18446744073709551615", 3600, "rancher.network.dhcp_timeout: 18446744073709551615 is outside 1..3600 s; using 3600")]
    [InlineData("2147483648", 3600, "rancher.network.dhcp_timeout: 2147483648 is outside 1..3600 s; using 3600")]
    [InlineData("-3", 1, "rancher.network.dhcp_timeout: -3 is outside 1..3600 s; using 1")]
    public void Issue_12_a_dhcp_timeout_out_of_range_is_clamped_and_reported(string value, int seconds, string diagnostic)
    {
        var settings = Settings($"rancher: {{network: {{dhcp_timeout: {value}}}}}");
        Assert.Equal(seconds, settings.DhcpTimeout);
        Assert.Equal(diagnostic, Assert.Single(settings.Diagnostics));
    }
}
