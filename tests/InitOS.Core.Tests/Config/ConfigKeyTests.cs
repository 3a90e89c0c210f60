using InitOS.Core.Config;

namespace InitOS.Core.Tests.Config;

public class ConfigKeyTests
{
    [Fact]
    public void Dots_split_components()
    {
        Assert.Equal(["rancher", "network", "dns"], ConfigKey.Parse("rancher.network.dns"));
    }

    [Fact]
    public void A_backslash_escapes_a_dot()
    {
        Assert.Equal(["rancher", "environment", "a.b"], ConfigKey.Parse("rancher.environment.a\\.b"));
    }

    [Fact]
    public void A_quoted_component_keeps_its_dots()
    {
        Assert.Equal(["rancher", "environment", "a.b", "c"], ConfigKey.Parse("rancher.environment.\"a.b\".c"));
    }

    [Fact]
    public void Sysctl_names_below_rancher_sysctl_are_one_key()
    {
        Assert.Equal(["rancher", "sysctl", "net.ipv4.ip_forward"], ConfigKey.Parse("rancher.sysctl.net.ipv4.ip_forward"));
    }

    [Fact]
    public void An_unterminated_quote_is_an_error()
    {
        Assert.Throws<ArgumentException>(() => ConfigKey.Parse("a.\"b.c"));
    }

    [Fact]
    public void Join_escapes_what_parse_unescapes()
    {
        var parts = new[] { "rancher", "environment", "x.y" };
        Assert.Equal(parts, ConfigKey.Parse(ConfigKey.Join(parts)));
    }

    [Fact]
    public void Set_creates_maps_and_refuses_to_go_through_a_scalar()
    {
        var tree = new Dictionary<string, object?>();
        Assert.Null(ConfigTree.TrySet(tree, ["a", "b", "c"], 1L));
        Assert.Equal("a.b.c", ConfigTree.TrySet(tree, ["a", "b", "c", "d"], 2L));
        Assert.True(ConfigTree.TryGet(tree, ["a", "b", "c"], out var v));
        Assert.Equal(1L, v);
    }
}
