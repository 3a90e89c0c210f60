[assembly: CollectionBehavior(DisableTestParallelization = true)]

namespace InitOS.Network.IntegrationTests;

/// <summary>netconf against a real dnsmasq: DHCPv4 lease and routes, DNS from the lease written in place, IPv6 SLAAC
/// from router advertisements, clean stop that keeps the address.</summary>
public sealed class DhcpTests : IDisposable
{
    // Link names unlikely on a host: dhcpcd keeps its pid file and control socket per link name under /run.
    private const string Link = "ndh0";

    private readonly Netns _server = new("srv");
    private readonly Netns _client = new("cli");

    public DhcpTests() => _client.Veth(Link, _server, "srv0");

    [RequiresNetnsFact]
    public void Dhcp_lease_gives_address_route_dns_from_the_lease_and_ipv6_from_router_advertisements()
    {
        using var dhcp = new DhcpServer(_server, "srv0");
        using var root = new SystemRoot($$"""
            hostname: nettest
            rancher:
              network:
                dhcp_timeout: 20
                interfaces:
                  {{Link}}: {dhcp: true}
            """);
        var inode = root.Inode("/etc/resolv.conf");
        using var run = new NetconfRun(_client, root.Path);
        run.WaitConfigured();

        var v4 = Tools.Addresses(_client.Name, Link);
        Assert.Single(v4);
        Assert.StartsWith("10.77.0.", v4[0], StringComparison.Ordinal);
        var routes = Tools.IpJson(_client.Name, "route", "show", "default");
        Assert.Equal(DhcpServer.Router, routes[0].GetProperty("gateway").GetString());
        Assert.True(System.Text.RegularExpressions.Regex.IsMatch(run.Output, $@"{Link}: dhcp \({Link}\), lease 10\.77\.0\.\d+"), run.Output);

        var resolv = root.Read("/etc/resolv.conf");
        Assert.Contains($"nameserver {DhcpServer.NameServer}\n", resolv, StringComparison.Ordinal);
        Assert.Contains($"search {DhcpServer.Search}\n", resolv, StringComparison.Ordinal);
        Assert.DoesNotContain("127.0.0.9", resolv, StringComparison.Ordinal);
        Assert.Equal(inode, root.Inode("/etc/resolv.conf"));

        Assert.Equal("2", ReadSysctl(Link, "accept_ra"));
        Assert.True(Eventually.Holds(() => Tools.Addresses(_client.Name, Link, "inet6").Any(a => a.StartsWith(DhcpServer.Ipv6Prefix, StringComparison.Ordinal)), TimeSpan.FromSeconds(20), TimeSpan.FromMilliseconds(100)),
            "no SLAAC address from the router advertisement: " + string.Join(' ', Tools.Addresses(_client.Name, Link, "inet6")));

        Assert.Equal(0, run.Stop());
        Assert.Contains("Stopped the DHCP clients", run.Output, StringComparison.Ordinal);
        Assert.Equal(v4, Tools.Addresses(_client.Name, Link));
    }

    [RequiresNetnsFact]
    public void User_dns_keeps_dhcp_away_from_resolv_conf()
    {
        using var dhcp = new DhcpServer(_server, "srv0");
        using var root = new SystemRoot($$"""
            hostname: nettest
            rancher:
              network:
                dns: {nameservers: [192.0.2.53], search: [user.test]}
                interfaces:
                  {{Link}}: {dhcp: true}
            """);
        using var run = new NetconfRun(_client, root.Path);
        run.WaitConfigured();
        Assert.StartsWith("10.77.0.", Tools.Addresses(_client.Name, Link).Single(), StringComparison.Ordinal);
        var resolv = root.Read("/etc/resolv.conf");
        Assert.Contains("nameserver 192.0.2.53\nsearch user.test\n", resolv, StringComparison.Ordinal);
        Assert.DoesNotContain(DhcpServer.NameServer, resolv, StringComparison.Ordinal);
        Assert.Equal(0, run.Stop());
    }

    [RequiresNetnsFact]
    public void User_dns_is_written_at_once_not_after_the_dhcp_wait()
    {
        // no DHCP server answers: netconf waits dhcp_timeout for a lease, but the user's DNS needs none
        using var root = new SystemRoot($$"""
            hostname: nettest
            rancher:
              network:
                dhcp_timeout: 20
                dns: {nameservers: [192.0.2.54]}
                interfaces:
                  {{Link}}: {dhcp: true}
            """);
        using var run = new NetconfRun(_client, root.Path);
        Assert.True(Eventually.Holds(() => root.Read("/etc/resolv.conf").Contains("nameserver 192.0.2.54\n", StringComparison.Ordinal), TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(100)),
            "the user's DNS was not written within 10 s:\n" + run.Output);
        Assert.DoesNotContain("Network configured", run.Output, StringComparison.Ordinal);
        Assert.Equal(0, run.Stop());
    }

    [RequiresNetnsFact]
    public void Dhcp_names_the_host_only_when_no_layer_does()
    {
        var mac = Tools.Link(_client.Name, Link).GetProperty("address").GetString()!;
        var hostName = Tools.Run("hostname").Trim();
        using var dhcp = new DhcpServer(_server, "srv0", mac, "fromdhcp");
        foreach (var (hostnameLine, expected) in new[] { ("hostname: ''", "fromdhcp"), ("hostname: mine", hostName) })
        {
            using var root = new SystemRoot($$"""
                {{hostnameLine}}
                rancher:
                  network:
                    interfaces:
                      {{Link}}: {dhcp: true}
                """);
            // netconf runs in a UTS namespace of its own (a copy of the host's name), so the host keeps its name;
            // the test only ever reads names, and only from a namespace proven not to be the host's.
            using var run = new NetconfRun(_client, root.Path, ownUts: true);
            run.WaitConfigured();
            var uts = $"/proc/{run.Pid}/ns/uts";
            Assert.NotEqual(new FileInfo("/proc/self/ns/uts").LinkTarget, new FileInfo(uts).LinkTarget);
            string Name() => Tools.Run("nsenter", "--uts=" + uts, "hostname").Trim();
            Assert.True(Eventually.Holds(() => Name() == expected, TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(100)), $"hostname is '{Name()}', expected '{expected}':\n{run.Output}");
            Assert.Equal(0, run.Stop());
        }
        Assert.Equal(hostName, Tools.Run("hostname").Trim());
    }

    [RequiresNetnsFact]
    public void An_exited_dhcp_client_is_restarted_and_the_lease_kept()
    {
        using var dhcp = new DhcpServer(_server, "srv0");
        using var root = new SystemRoot($$"""
            hostname: nettest
            rancher:
              network:
                interfaces:
                  {{Link}}: {dhcp: true}
            """);
        using var run = new NetconfRun(_client, root.Path);
        run.WaitConfigured();
        var address = Tools.Addresses(_client.Name, Link).Single();
        // The client netconf started (its privilege-separation helpers are dhcpcd's own children). SIGTERM: a
        // SIGKILLed dhcpcd 9 leaves those helpers behind, holding the link and netconf's stdout.
        var first = DhcpcdPids();
        var client = first.Single(pid => ParentOf(pid) == run.Pid);
        Tools.Run("kill", "-TERM", client);
        Assert.True(Eventually.Holds(() => run.Output.Contains($"DHCP client of '{Link}' exited", StringComparison.Ordinal), TimeSpan.FromSeconds(15), TimeSpan.FromMilliseconds(100)), run.Output);
        Assert.True(Eventually.Holds(() => DhcpcdPids().Any(pid => ParentOf(pid) == run.Pid && pid != client), TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(100)), "no new dhcpcd:\n" + run.Output);
        Assert.Contains(", restarted", run.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("8.8.8.8", run.Output, StringComparison.Ordinal);
        Assert.Contains($"nameserver {DhcpServer.NameServer}\n", root.Read("/etc/resolv.conf"), StringComparison.Ordinal);
        Assert.Equal(address, Tools.Addresses(_client.Name, Link).Single());
        Assert.Equal(0, run.Stop());
        Assert.True(Eventually.Holds(() => DhcpcdPids().Count == 0, TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(100)), "dhcpcd still running after netconf stopped:\n" + run.Output);
    }

    private static int ParentOf(string pid) =>
        File.ReadAllLines($"/proc/{pid}/status").Where(l => l.StartsWith("PPid:", StringComparison.Ordinal))
            .Select(l => int.Parse(l[5..].Trim(), System.Globalization.CultureInfo.InvariantCulture)).FirstOrDefault();

    /// <summary>The dhcpcd processes in the client namespace (<c>ip netns pids</c>).</summary>
    private List<string> DhcpcdPids() =>
        Tools.Run("ip", "netns", "pids", _client.Name).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Where(pid => File.Exists($"/proc/{pid}/comm") && File.ReadAllText($"/proc/{pid}/comm").Trim() == "dhcpcd").ToList();

    private string ReadSysctl(string link, string name) =>
        Tools.Run("ip", "netns", "exec", _client.Name, "cat", $"/proc/sys/net/ipv6/conf/{link}/{name}").Trim();

    public void Dispose()
    {
        _client.Dispose();
        _server.Dispose();
        foreach (var leftover in new[] { $"/var/lib/dhcpcd/{Link}.lease", $"/var/lib/dhcpcd/{Link}.lease6" })
        {
            File.Delete(leftover);
        }
    }
}
