using System.Text.Json;

namespace InitOS.Network.IntegrationTests;

/// <summary>netconf creating a bond of two veths (with options and a VLAN on it) and a bridge, checked in the kernel;
/// each runs twice to show a re-run creates nothing again.</summary>
public sealed class VirtualLinkTests : IDisposable
{
    private readonly Netns _ns = new("vl");
    private readonly Netns _peer = new("vlp");

    public VirtualLinkTests()
    {
        _ns.Veth("nvl0", _peer, "p0");
        _ns.Veth("nvl1", _peer, "p1");
        _ns.Veth("nvl2", _peer, "p2");
    }

    [RequiresLinkKindFact("bond", "vlan")]
    public void Bond_with_options_and_a_vlan_on_it_are_created_and_configured()
    {
        using var root = new SystemRoot("""
            hostname: nettest
            rancher:
              network:
                dns: {nameservers: [10.8.0.53]}
                interfaces:
                  nvl0: {bond: bond7}
                  nvl1: {bond: bond7}
                  bond7:
                    bond_opts: {mode: active-backup, miimon: 100}
                    address: 10.8.0.2/24
                    mtu: 1450
                    vlans: '42'
                  bond7.42: {address: 10.42.0.2/24}
            """);
        using var run = new NetconfRun(_ns, root.Path);
        run.WaitConfigured();
        Assert.False(run.Output.Contains("Failed to", StringComparison.Ordinal), run.Output);

        var bond = Tools.Link(_ns.Name, "bond7");
        var info = bond.GetProperty("linkinfo");
        Assert.Equal("bond", info.GetProperty("info_kind").GetString());
        Assert.Equal("active-backup", info.GetProperty("info_data").GetProperty("mode").GetString());
        Assert.Equal(100, info.GetProperty("info_data").GetProperty("miimon").GetInt32());
        Assert.Equal(1450, bond.GetProperty("mtu").GetInt32());
        Assert.Equal(["10.8.0.2/24"], Tools.Addresses(_ns.Name, "bond7"));
        Assert.Equal("bond7", Master("nvl0"));
        Assert.Equal("bond7", Master("nvl1"));

        var vlan = Tools.Link(_ns.Name, "bond7.42");
        Assert.Equal("vlan", vlan.GetProperty("linkinfo").GetProperty("info_kind").GetString());
        Assert.Equal(42, vlan.GetProperty("linkinfo").GetProperty("info_data").GetProperty("id").GetInt32());
        Assert.Equal(["10.42.0.2/24"], Tools.Addresses(_ns.Name, "bond7.42"));
        foreach (var name in new[] { "nvl0", "nvl1", "bond7", "bond7.42" })
        {
            Assert.Contains("UP", Tools.Link(_ns.Name, name).GetProperty("flags").EnumerateArray().Select(f => f.GetString()));
        }
        Assert.Equal(0, run.Stop());

        // A second run finds everything in place: nothing is created or enslaved again, nothing fails.
        using var again = new NetconfRun(_ns, root.Path);
        again.WaitConfigured();
        Assert.False(again.Output.Contains("Failed to", StringComparison.Ordinal), again.Output);
        Assert.Equal("bond7", Master("nvl0"));
        Assert.Equal(0, again.Stop());
    }

    [RequiresNetnsFact]
    public void Bridge_is_created_with_its_address_and_takes_its_port()
    {
        using var root = new SystemRoot("""
            hostname: nettest
            rancher:
              network:
                dns: {nameservers: [10.9.0.53]}
                interfaces:
                  br7: {bridge: true, address: 10.9.0.2/24, mtu: 1400}
                  nvl2: {bridge: br7, mtu: 1400}
            """);
        using var run = new NetconfRun(_ns, root.Path);
        run.WaitConfigured();
        Assert.False(run.Output.Contains("Failed to", StringComparison.Ordinal), run.Output);
        var bridge = Tools.Link(_ns.Name, "br7");
        Assert.Equal("bridge", bridge.GetProperty("linkinfo").GetProperty("info_kind").GetString());
        Assert.Equal(1400, bridge.GetProperty("mtu").GetInt32());
        Assert.Equal("br7", Master("nvl2"));
        Assert.Equal(["10.9.0.2/24"], Tools.Addresses(_ns.Name, "br7"));
        Assert.Empty(Tools.Addresses(_ns.Name, "nvl2"));
        foreach (var name in new[] { "nvl2", "br7" })
        {
            Assert.Contains("UP", Tools.Link(_ns.Name, name).GetProperty("flags").EnumerateArray().Select(f => f.GetString()));
        }
        Assert.Equal(0, run.Stop());

        using var again = new NetconfRun(_ns, root.Path);
        again.WaitConfigured();
        Assert.False(again.Output.Contains("Failed to", StringComparison.Ordinal), again.Output);
        Assert.Equal(0, again.Stop());
    }

    private string? Master(string link) =>
        Tools.Link(_ns.Name, link).TryGetProperty("master", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() : null;

    public void Dispose()
    {
        _ns.Dispose();
        _peer.Dispose();
    }
}
