using InitOS.Core.Config;

namespace InitOS.Core.Tests.Config;

public class YamlTextTests
{
    [Fact]
    public void Syntax_errors_carry_line_and_column()
    {
        var e = Assert.Throws<ConfigSyntaxException>(() => YamlText.Parse("a: 1\nb: [unclosed\nc: 2\n", "f.yml"));
        Assert.Equal("f.yml", e.Source);
        Assert.True(e.Line >= 2, $"line {e.Line}");
        Assert.True(e.Column >= 1);
        Assert.StartsWith("f.yml:", e.Message);
    }

    [Fact]
    public void A_top_level_that_is_not_a_map_is_an_error_at_its_position()
    {
        var e = Assert.Throws<ConfigSyntaxException>(() => YamlText.Parse("- a\n- b\n", "list.yml"));
        Assert.Equal(1, e.Line);
        Assert.Contains("map", e.Reason);
    }

    [Fact]
    public void An_empty_or_comment_only_document_is_an_empty_map()
    {
        Assert.Empty(YamlText.Parse("", "e"));
        Assert.True(YamlText.ParseDocument("# only a comment\n", "e").IsEmpty);
    }

    [Fact]
    public void Quoted_scalars_stay_strings_and_plain_ones_are_typed()
    {
        var tree = YamlText.Parse("a: '5'\nb: 5\nc: \"yes\"\nd: yes\ne: !!str 7\n", "t");
        Assert.Equal("5", tree["a"]);
        Assert.Equal(5L, tree["b"]);
        Assert.Equal("yes", tree["c"]);
        Assert.Equal(true, tree["d"]);
        Assert.Equal("7", tree["e"]);
    }

    [Fact]
    public void Merge_keys_and_anchors_are_resolved()
    {
        var tree = YamlText.Parse("base: &b {x: 1, y: 2}\nchild:\n  <<: *b\n  y: 3\n", "t");
        var child = Assert.IsType<Dictionary<string, object?>>(tree["child"]);
        Assert.Equal(1L, child["x"]);
        Assert.Equal(3L, child["y"]);
    }

    [Fact]
    public void Positions_of_nested_keys_are_recorded()
    {
        var doc = YamlText.ParseDocument("rancher:\n  network:\n    dhcp_timeout: x\n", "t");
        Assert.Equal((3L, 5L), doc.Positions["rancher.network.dhcp_timeout"]);
    }

    [Fact]
    public void More_than_one_document_is_rejected()
    {
        Assert.Throws<ConfigSyntaxException>(() => YamlText.Parse("a: 1\n---\nb: 2\n", "t"));
    }

    [Fact]
    public void Floats_print_like_go()
    {
        Assert.Equal("1000", ConfigValue.FormatFloat(1000));
        Assert.Equal("1.5", ConfigValue.FormatFloat(1.5));
        Assert.Equal("1e+06", ConfigValue.FormatFloat(1e6));
        Assert.Equal("123456", ConfigValue.FormatFloat(123456));
        Assert.Equal("1e-05", ConfigValue.FormatFloat(0.00001));
        Assert.Equal("0.0001", ConfigValue.FormatFloat(0.0001));
        Assert.Equal(".inf", ConfigValue.FormatFloat(double.PositiveInfinity));
        Assert.Equal("1e+23", ConfigValue.FormatFloat(1e23));
    }

    [Fact]
    public void Port_mappings_that_look_sexagesimal_are_quoted()
    {
        Assert.Equal("ports:\n- \"22:22\"\n- 8080:80\n", YamlText.Write(YamlText.Parse("ports: ['22:22', '8080:80']", "t")));
    }

    [Fact]
    public void Timestamps_print_in_rfc3339()
    {
        Assert.Equal("d: 2021-01-01T00:00:00Z\n", YamlText.Write(YamlText.Parse("d: 2021-01-01", "t")));
    }
}

public class YamlKeyOrderTests
{
    [Fact]
    public void Keys_sort_like_go_yaml_v2_numbers_by_value_symbols_before_letters()
    {
        string[] keys = ["eth10", "eth2", "EXTRAS", "EXTRA_CMDLINE", "b", "a", "B", "a1", "a01", "~x", "x"];
        Assert.Equal(["~x", "B", "EXTRA_CMDLINE", "EXTRAS", "a", "a1", "a01", "b", "eth2", "eth10", "x"],
            keys.Order(YamlKeyOrder.Instance));
    }

    [Fact]
    public void Written_maps_use_that_order()
    {
        Assert.Equal("eth2: 1\neth10: 2\n", YamlText.Write(YamlText.Parse("eth10: 2\neth2: 1\n", "t")));
    }
}
