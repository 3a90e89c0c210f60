namespace InitOS.Network.IntegrationTests;

/// <summary>netconf with static config in a namespace: addresses (IPv4 and IPv6), stale address removal, gateways,
/// MTU, user DNS, a re-run that changes one link without touching another, bad input, --dry-run and ip=.</summary>
public sealed class StaticTests : IDisposable
{
    private readonly Netns _ns = new("st");
    private readonly Netns _peer = new("stp");

    public StaticTests()
    {
        _ns.Veth("nst0", _peer, "p0");
        _ns.Veth("nst1", _peer, "p1");
    }

    [RequiresNetnsFact]
    public void Static_addresses_gateways_mtu_and_user_dns_are_applied_and_stale_addresses_removed()
    {
        _ns.Ip("addr", "add", "10.99.0.9/24", "dev", "nst0");
        using var root = new SystemRoot("""
            hostname: nettest
            rancher:
              network:
                dns: {nameservers: [10.5.0.53, 'fd05::53'], search: [static.test]}
                interfaces:
                  nst0:
                    address: 10.5.0.2/24
                    addresses: ['fd05::2/64']
                    gateway: 10.5.0.1
                    gateway_ipv6: 'fd05::1'
                    mtu: 1400
            """);
        var inode = root.Inode("/etc/resolv.conf");
        using var run = new NetconfRun(_ns, root.Path);
        run.WaitConfigured();

        Assert.Equal(["10.5.0.2/24"], Tools.Addresses(_ns.Name, "nst0"));
        Assert.Contains("fd05::2/64", Tools.Addresses(_ns.Name, "nst0", "inet6"));
        var link = Tools.Link(_ns.Name, "nst0");
        Assert.Equal(1400, link.GetProperty("mtu").GetInt32());
        Assert.Contains("UP", link.GetProperty("flags").EnumerateArray().Select(f => f.GetString()));
        Assert.Equal("10.5.0.1", Tools.IpJson(_ns.Name, "-4", "route", "show", "default")[0].GetProperty("gateway").GetString());
        Assert.Equal("fd05::1", Tools.IpJson(_ns.Name, "-6", "route", "show", "default")[0].GetProperty("gateway").GetString());
        Assert.Equal(["127.0.0.1/8"], Tools.Addresses(_ns.Name, "lo"));
        Assert.Equal("# Written by InitOS netconf from rancher.network.dns; change it with 'ros config set rancher.network.dns.nameservers'\n" +
            "nameserver 10.5.0.53\nnameserver fd05::53\nsearch static.test\n", root.Read("/etc/resolv.conf"));
        Assert.Equal(inode, root.Inode("/etc/resolv.conf"));
        Assert.Empty(Tools.Addresses(_ns.Name, "nst1"));
        Assert.Equal(0, run.Stop());
    }

    [RequiresNetnsFact]
    public void A_rerun_applies_a_change_without_touching_the_other_link()
    {
        const string config = """
            hostname: nettest
            rancher:
              network:
                dns: {nameservers: [10.5.0.53]}
                interfaces:
                  nst0: {address: 10.5.0.2/24, mtu: MTU}
                  nst1: {address: 10.6.0.2/24}
            """;
        using var root = new SystemRoot(config.Replace("MTU", "1400", StringComparison.Ordinal));
        using (var first = new NetconfRun(_ns, root.Path))
        {
            first.WaitConfigured();
            Assert.Equal(0, first.Stop());
        }
        var ifindex = Tools.Link(_ns.Name, "nst1").GetProperty("ifindex").GetInt32();
        // Watch nst1 for any change while the second run works.
        using var monitor = new System.Diagnostics.Process { StartInfo = new("ip", ["-n", _ns.Name, "monitor", "link", "address", "dev", "nst1"]) { RedirectStandardOutput = true } };
        monitor.Start();
        var seen = new System.Text.StringBuilder();
        monitor.OutputDataReceived += (_, e) => { lock (seen) { seen.AppendLine(e.Data); } };
        monitor.BeginOutputReadLine();

        root.Write("/var/lib/rancher/conf/cloud-config.yml", config.Replace("MTU", "1300", StringComparison.Ordinal)
            .Replace("10.5.0.2/24", "10.5.0.3/24", StringComparison.Ordinal));
        using (var second = new NetconfRun(_ns, root.Path))
        {
            second.WaitConfigured();
            Assert.Equal(0, second.Stop());
        }
        monitor.Kill();
        monitor.WaitForExit();
        Assert.Equal(["10.5.0.3/24"], Tools.Addresses(_ns.Name, "nst0"));
        Assert.Equal(1300, Tools.Link(_ns.Name, "nst0").GetProperty("mtu").GetInt32());
        Assert.Equal(["10.6.0.2/24"], Tools.Addresses(_ns.Name, "nst1"));
        Assert.Equal(ifindex, Tools.Link(_ns.Name, "nst1").GetProperty("ifindex").GetInt32());
        lock (seen)
        {
            Assert.True(seen.ToString().Trim().Length == 0, "nst1 changed during the re-run:\n" + seen);
        }
    }

    [RequiresNetnsFact]
    public void A_bad_value_skips_only_its_interface_and_is_reported()
    {
        using var root = new SystemRoot("""
            hostname: nettest
            rancher:
              network:
                interfaces:
                  nst0: {address: 10.0.0.300/24}
                  nst1: {address: 10.6.0.2/24}
            """);
        using var run = new NetconfRun(_ns, root.Path);
        run.WaitConfigured();
        Assert.Empty(Tools.Addresses(_ns.Name, "nst0"));
        Assert.Equal(["10.6.0.2/24"], Tools.Addresses(_ns.Name, "nst1"));
        Assert.Contains("netconf: rancher.network.interfaces.nst0.address: '10.0.0.300/24' is not an address; 'nst0' left unconfigured", run.Output, StringComparison.Ordinal);
        Assert.Equal(0, run.Stop());
    }

    [RequiresNetnsFact]
    public void Dry_run_prints_the_plan_and_changes_nothing()
    {
        using var root = new SystemRoot("rancher: {network: {interfaces: {nst0: {address: 10.5.0.2/24, mtu: 1400}}}}");
        using var run = new NetconfRun(_ns, root.Path, "--dry-run");
        var (code, output) = run.Finish();
        Assert.Equal(0, code);
        Assert.Contains("nst0: mtu 1400\nnst0: addresses exclusive 10.5.0.2/24\nnst0: up\n", output + "\n", StringComparison.Ordinal);
        Assert.Empty(Tools.Addresses(_ns.Name, "nst0"));
        Assert.Equal(1500, Tools.Link(_ns.Name, "nst0").GetProperty("mtu").GetInt32());
        Assert.Equal(SystemRoot.InitialResolvConf, root.Read("/etc/resolv.conf"));
    }

    [RequiresNetnsFact]
    public void Kernel_ip_argument_configures_its_device()
    {
        using var root = new SystemRoot("hostname: nettest\n", "console=ttyS0 ip=192.168.44.2::192.168.44.1:255.255.255.0:box:nst1:off:192.168.44.53 quiet");
        using var run = new NetconfRun(_ns, root.Path);
        run.WaitConfigured();
        Assert.Equal(["192.168.44.2/24"], Tools.Addresses(_ns.Name, "nst1"));
        Assert.Equal("192.168.44.1", Tools.IpJson(_ns.Name, "-4", "route", "show", "default")[0].GetProperty("gateway").GetString());
        Assert.Contains("nameserver 192.168.44.53\n", root.Read("/etc/resolv.conf"), StringComparison.Ordinal);
        Assert.Empty(Tools.Addresses(_ns.Name, "nst0"));
        Assert.Equal(0, run.Stop());
    }

    public void Dispose()
    {
        _ns.Dispose();
        _peer.Dispose();
    }
}
