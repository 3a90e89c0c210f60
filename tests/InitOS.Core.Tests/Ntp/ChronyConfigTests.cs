using InitOS.Core.Config;
using InitOS.Core.Ntp;

namespace InitOS.Core.Tests.Ntp;

public class ChronyConfigTests
{
    private static ChronyConfig For(string yaml) => ChronyConfig.From(YamlText.Parse(yaml, "test.yml"));

    [Fact]
    public void Servers_and_pools_from_the_ntp_key_are_the_sources_in_order()
    {
        var chrony = For("ntp:\n  servers: [ntp1.example.com, 192.0.2.1, '2001:db8::1']\n  pools: [pool.example.org]\n");
        Assert.Equal(["ntp1.example.com", "192.0.2.1", "2001:db8::1"], chrony.Servers);
        Assert.Equal(["pool.example.org"], chrony.Pools);
        var sources = chrony.Text.Split('\n').Where(l => l.StartsWith("server ") || l.StartsWith("pool ")).ToList();
        Assert.Equal(["server ntp1.example.com iburst", "server 192.0.2.1 iburst", "server 2001:db8::1 iburst", "pool pool.example.org iburst"], sources);
        Assert.Empty(chrony.Problems);
        Assert.Contains("driftfile /var/lib/chrony/chrony.drift\n", chrony.Text);
    }

    [Fact]
    public void Without_servers_or_pools_the_debian_pool_is_used()
    {
        var chrony = For("hostname: a\n");
        Assert.Empty(chrony.Servers);
        Assert.Equal([ChronyConfig.DefaultPool], chrony.Pools);
        Assert.Contains("pool 2.debian.pool.ntp.org iburst\n", chrony.Text);
    }

    [Fact]
    public void An_entry_that_could_inject_a_directive_is_reported_and_skipped()
    {
        var chrony = For("ntp:\n  servers: [\"good.example\", \"evil.example iburst\\nallow all\", \"-x\", [nested]]\n");
        Assert.Equal(["good.example"], chrony.Servers);
        Assert.Equal(3, chrony.Problems.Count);
        Assert.Contains(chrony.Problems, p => p.StartsWith("ntp.servers[1]: 'evil.example iburst", StringComparison.Ordinal) && p.EndsWith("skipped", StringComparison.Ordinal));
        Assert.DoesNotContain("allow all", chrony.Text);
    }

    [Fact]
    public void A_single_server_as_a_string_and_duplicates_are_accepted_once()
    {
        var chrony = For("ntp:\n  servers: time.example\n  pools: [p.example, p.example]\n");
        Assert.Equal(["time.example"], chrony.Servers);
        Assert.Equal(["p.example"], chrony.Pools);
    }

    [Fact]
    public void Keys_chrony_is_not_configured_from_are_named_as_unapplied()
    {
        var chrony = For("ntp:\n  enabled: false\n  ntp_client: chrony\n  servers: [a.example]\n");
        Assert.Contains(chrony.Unapplied, u => u.Contains("'ntp.ntp_client'"));
        Assert.Contains(chrony.Unapplied, u => u.Contains("'ntp.enabled: false'"));
    }

    [Fact]
    public void An_ntp_key_that_is_not_a_map_is_a_problem()
    {
        var chrony = For("ntp: yes\n");
        Assert.Single(chrony.Problems);
        Assert.Equal([ChronyConfig.DefaultPool], chrony.Pools);
    }
}
