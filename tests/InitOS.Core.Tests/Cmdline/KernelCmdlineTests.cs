using InitOS.Core.Cmdline;
using InitOS.Core.Config;

namespace InitOS.Core.Tests.Cmdline;

public class KernelCmdlineTests
{
    private static object? At(Dictionary<string, object?> tree, string key) =>
        ConfigTree.TryGet(tree, ConfigKey.Parse(key), out var v) ? v : "<missing>";

    [Fact]
    public void Only_rancher_and_cc_arguments_are_selected()
    {
        var tree = KernelCmdline.Parse("BOOT_IMAGE=/vmlinuz console=ttyS0 quiet rancher.debug=true cc.hostname=box");
        Assert.Equal(["hostname", "rancher"], tree.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(true, At(tree, "rancher.debug"));
        Assert.Equal("box", At(tree, "hostname"));
    }

    [Fact]
    public void Parse_all_keeps_every_argument()
    {
        var tree = KernelCmdline.ParseAll("console=ttyS0 root=/dev/sda1 quiet");
        Assert.Equal("ttyS0", tree["console"]);
        Assert.Equal("/dev/sda1", tree["root"]);
        Assert.Equal(true, tree["quiet"]);
    }

    [Fact]
    public void A_key_without_equals_is_true()
    {
        Assert.Equal(true, At(KernelCmdline.Parse("rancher.state.wait"), "rancher.state.wait"));
    }

    [Fact]
    public void Later_tokens_win()
    {
        var tree = KernelCmdline.Parse("rancher.autologin=tty1 rancher.autologin=ttyS0");
        Assert.Equal("ttyS0", At(tree, "rancher.autologin"));
    }

    [Fact]
    public void A_token_through_a_scalar_is_dropped()
    {
        var tree = KernelCmdline.Parse("rancher.a=1 rancher.a.b=2");
        Assert.Equal(1L, At(tree, "rancher.a"));
    }

    [Fact]
    public void A_later_shorter_key_replaces_a_map()
    {
        var tree = KernelCmdline.Parse("rancher.a.b=2 rancher.a=1");
        Assert.Equal(1L, At(tree, "rancher.a"));
    }

    [Fact]
    public void Empty_key_components_are_legal()
    {
        var tree = KernelCmdline.Parse("rancher.");
        var rancher = Assert.IsType<Dictionary<string, object?>>(tree["rancher"]);
        Assert.Equal(true, rancher[""]);
    }

    [Fact]
    public void The_value_splits_at_the_first_equals_only()
    {
        Assert.Equal("LABEL=RANCHER_STATE", At(KernelCmdline.Parse("rancher.state.dev=LABEL=RANCHER_STATE"), "rancher.state.dev"));
    }

    [Fact]
    public void Quoted_values_keep_their_spaces()
    {
        var tree = KernelCmdline.Parse("rancher.environment.A=\"a b c\" rancher.debug");
        Assert.Equal("a b c", At(tree, "rancher.environment.A"));
        Assert.Equal(true, At(tree, "rancher.debug"));
    }

    [Fact]
    public void Escaped_quotes_are_unescaped_first()
    {
        var tree = KernelCmdline.Parse("rancher.environment.A=\\\"x y\\\"");
        Assert.Equal("x y", At(tree, "rancher.environment.A"));
    }

    [Fact]
    public void Bracketed_lists_keep_their_spaces_and_become_lists()
    {
        var tree = KernelCmdline.Parse("rancher.network.dns.nameservers=[8.8.8.8, 1.1.1.1] rancher.debug");
        Assert.Equal(new List<object?> { "8.8.8.8", "1.1.1.1" }, At(tree, "rancher.network.dns.nameservers"));
        Assert.Equal(true, At(tree, "rancher.debug"));
    }

    [Fact]
    public void Smart_quotes_that_do_not_match_swallow_the_rest_of_the_line()
    {
        var tokens = KernelCmdline.Split("rancher.a=\u201Cx y\u201D rancher.b=1");
        Assert.Single(tokens);
    }

    [Fact]
    public void Matching_unicode_quotes_group_a_token()
    {
        var tokens = KernelCmdline.Split("a=\u00ABx y\u00AB b");
        Assert.Equal(["a=\u00ABx y\u00AB", "b"], tokens);
    }

    [Fact]
    public void Tabs_and_newlines_separate_tokens_and_the_line_is_trimmed()
    {
        Assert.Equal(["a", "b", "c"], KernelCmdline.Split("  a\tb\nc  "));
    }

    [Fact]
    public void Cc_prefix_addresses_top_level_keys_with_typing()
    {
        var tree = KernelCmdline.Parse("cc.ssh_authorized_keys=['ssh-rsa AAA x@y'] cc.write_files=[]");
        Assert.Equal(new List<object?> { "ssh-rsa AAA x@y" }, tree["ssh_authorized_keys"]);
        Assert.Equal(new List<object?>(), tree["write_files"]);
    }

    [Fact]
    public void Values_are_typed_octal_and_urls()
    {
        var tree = KernelCmdline.Parse("rancher.x=0755 cc.url=http://h:8080/p?a=b");
        Assert.Equal(493L, At(tree, "rancher.x"));
        Assert.Equal("http://h:8080/p?a=b", tree["url"]);
    }
}

public class ExtraCmdlineTests
{
    [Fact]
    public void The_init_layer_stores_the_joined_arguments_and_cc_keys_but_not_rancher_keys()
    {
        var layer = ExtraCmdline.InitLayer(["/init", "cc.hostname=nope", "rancher.password=three"])!;
        Assert.Equal("/init cc.hostname=nope rancher.password=three", layer["EXTRA_CMDLINE"]);
        Assert.Equal("nope", layer["hostname"]);
        Assert.Equal("rancher:\n  environment:\n    EXTRA_CMDLINE: /init cc.hostname=nope rancher.password=three\n",
            YamlText.Write(new Dictionary<string, object?> { ["rancher"] = layer["rancher"] }));
    }

    [Fact]
    public void No_arguments_beyond_argv0_means_no_layer()
    {
        Assert.Null(ExtraCmdline.InitLayer(["/init"]));
    }
}
