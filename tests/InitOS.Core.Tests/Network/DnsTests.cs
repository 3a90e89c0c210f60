using InitOS.Core.Network;
using static InitOS.Core.Tests.Network.NetTestConfig;

namespace InitOS.Core.Tests.Network;

public class DnsTests
{
    private const string Defaults = "rancher: {defaults: {network: {dns: {nameservers: [8.8.8.8, 8.8.4.4]}}}";

    private static readonly DhcpLease Lease = DhcpLease.Parse("ip_address=10.77.0.98\ndomain_name_servers='10.77.0.53 10.77.0.54'\ndomain_search=lab.test\n");

    [Fact]
    public void User_dns_wins_over_dhcp_and_defaults()
    {
        var settings = Settings(Defaults + ", network: {dns: {nameservers: [1.1.1.1], search: [a.test, b.test]}}}");
        var choice = ResolvConf.Choose(settings, [("eth0", Lease)]);
        Assert.Equal("rancher.network.dns", choice!.Value.Source);
        Assert.Equal("# Written by InitOS netconf from rancher.network.dns; change it with 'ros config set rancher.network.dns.nameservers'\n" +
            "nameserver 1.1.1.1\nsearch a.test b.test\n", ResolvConf.Render(choice.Value.Dns, choice.Value.Source));
    }

    [Fact]
    public void Dhcp_servers_are_used_when_the_user_names_none()
    {
        var choice = ResolvConf.Choose(Settings(Defaults + "}"), [("eth0", DhcpLease.Parse("")), ("eth1", Lease)]);
        Assert.Equal("DHCP on eth1", choice!.Value.Source);
        Assert.Equal(["10.77.0.53", "10.77.0.54"], choice.Value.Dns.Nameservers);
        Assert.Equal(["lab.test"], choice.Value.Dns.Search);
    }

    [Fact]
    public void Defaults_are_used_without_user_dns_and_without_dhcp_servers()
    {
        var choice = ResolvConf.Choose(Settings(Defaults + "}"), [("eth0", DhcpLease.Parse("ip_address=10.0.0.5\n"))]);
        Assert.Equal("rancher.defaults.network.dns", choice!.Value.Source);
        Assert.Equal("nameserver 8.8.8.8\nnameserver 8.8.4.4\n", string.Concat(ResolvConf.Render(choice.Value.Dns, choice.Value.Source).Split('\n', 2)[1]));
    }

    [Fact]
    public void No_server_anywhere_means_nothing_to_write_not_a_comment_only_file()
    {
        Assert.Null(ResolvConf.Choose(Settings("rancher: {network: {dns: {search: [only.search]}}}"), []));
    }

    [Fact]
    public void A_name_server_that_is_not_an_address_is_dropped_and_named()
    {
        var settings = Settings("rancher: {network: {dns: {nameservers: [dns.example, 10.0.0.53, '300.1.1.1']}}}");
        Assert.Equal(["10.0.0.53"], settings.UserDns.Nameservers);
        Assert.Equal(["rancher.network.dns.nameservers: 'dns.example' is not an address; ignored",
            "rancher.network.dns.nameservers: '300.1.1.1' is not an address; ignored"], settings.Diagnostics);
        Assert.True(Settings("rancher: {network: {dns: {nameservers: [bogus]}}}").UserDns.IsEmpty);
    }

    [Fact]
    public void Shipped_os_config_falls_back_to_its_default_servers()
    {
        var tree = InitOS.Core.Config.YamlText.Parse(File.ReadAllText(RepoPaths.File("rootfs/overlay/usr/share/ros/os-config.yml")), "os-config.yml");
        var settings = NetworkSettings.From(tree, null);
        Assert.True(settings.UserDns.IsEmpty);
        Assert.Equal(["8.8.8.8", "8.8.4.4"], ResolvConf.Choose(settings, [])!.Value.Dns.Nameservers);
        Assert.False(settings.HostnameConfigured);
    }

    [Fact]
    public void Dhcpcd_lease_dump_is_parsed()
    {
        var lease = DhcpLease.Parse("""
            reason=BOUND
            interface=eth0
            ip_address=10.77.0.98
            subnet_cidr=24
            routers=10.77.0.1
            domain_name_servers='10.77.0.53 bogus 10.77.0.53'
            domain_name=corp.test
            host_name='it'\''s'
            """);
        Assert.Equal("10.77.0.98", lease.Address);
        Assert.Equal(["10.77.0.53"], lease.Dns.Nameservers);
        Assert.Equal(["corp.test"], lease.Dns.Search);
        Assert.Equal("it's", lease.Hostname);
        Assert.Null(DhcpLease.Parse("dhcpcd is not running\n").Address);
        var hooked = DhcpLease.Parse("reason=BOUND\ninterface=eth0\nnew_ip_address=10.1.0.7\nold_ip_address=10.1.0.6\nnew_domain_name_servers=10.1.0.2 10.1.0.3\n");
        Assert.Equal("10.1.0.7", hooked.Address);
        Assert.Equal(["10.1.0.2", "10.1.0.3"], hooked.Dns.Nameservers);
        Assert.Null(DhcpLease.Parse("reason=EXPIRE\ninterface=eth0\nold_ip_address=10.1.0.7\n").Address);
    }

    [Fact]
    public void Proxy_settings_become_both_spellings_of_the_variables()
    {
        var tree = InitOS.Core.Config.YamlText.Parse("""
            rancher:
              network:
                http_proxy: http://proxy:3128
                no_proxy: localhost,.internal
                https_proxy: ' '
            """, "t.yml");
        Assert.Equal(
            ["HTTP_PROXY=http://proxy:3128", "http_proxy=http://proxy:3128", "NO_PROXY=localhost,.internal", "no_proxy=localhost,.internal"],
            ProxyEnvironment.From(tree).Select(p => $"{p.Key}={p.Value}"));
        Assert.Empty(ProxyEnvironment.From(new Dictionary<string, object?>()));
    }
}
