using InitOS.Core.Config;

namespace InitOS.Core.Tests.Config;

/// <summary>The value typing table of reference §4.4 (shared by the kernel command line and config set).</summary>
public class ConfigValueTextTests
{
    [Theory]
    [InlineData("value1", "value1")]
    [InlineData("a,b", "a,b")]
    [InlineData("\"a b\"", "a b")]
    [InlineData("a:b", "a:b")]
    [InlineData("http://x:8080/y?a=b", "http://x:8080/y?a=b")]
    [InlineData("LABEL=RANCHER_STATE", "LABEL=RANCHER_STATE")]
    [InlineData("bar=baz", "bar=baz")]
    [InlineData("#x", "#x")]
    [InlineData("", "")]
    [InlineData("a: b", "a: b")]
    [InlineData("'quoted'", "quoted")]
    [InlineData("*undefined", "*undefined")]
    [InlineData("[a,b", "[a,b")]
    public void Text_values_stay_strings_as_written(string text, string expected)
    {
        Assert.Equal(expected, ConfigValueText.Parse(text));
    }

    [Theory]
    [InlineData("5", 5L)]
    [InlineData("-1", -1L)]
    [InlineData("+1", 1L)]
    [InlineData("1_000", 1000L)]
    [InlineData("0755", 493L)]
    [InlineData("010", 8L)]
    [InlineData("0x1F", 31L)]
    [InlineData("0o17", 15L)]
    [InlineData("0b101", 5L)]
    public void Numbers_are_integers_with_octal_and_prefixes(string text, long expected)
    {
        Assert.Equal(expected, ConfigValueText.Parse(text));
    }

    [Theory]
    [InlineData("1.5", 1.5)]
    [InlineData(".5", 0.5)]
    [InlineData("1e3", 1000.0)]
    [InlineData("1.2", 1.2)]
    public void Decimal_values_are_floats(string text, double expected)
    {
        Assert.Equal(expected, ConfigValueText.Parse(text));
    }

    [Theory]
    [InlineData("true", true)]
    [InlineData("True", true)]
    [InlineData("yes", true)]
    [InlineData("y", true)]
    [InlineData("on", true)]
    [InlineData("false", false)]
    [InlineData("no", false)]
    [InlineData("n", false)]
    [InlineData("off", false)]
    public void Boolean_words_are_booleans(string text, bool expected)
    {
        Assert.Equal(expected, ConfigValueText.Parse(text));
    }

    [Theory]
    [InlineData("~")]
    [InlineData("null")]
    [InlineData("NULL")]
    [InlineData("&a")]
    public void Null_words_and_bare_anchors_are_null(string text)
    {
        Assert.Null(ConfigValueText.Parse(text));
    }

    [Fact]
    public void A_date_is_a_timestamp()
    {
        Assert.IsType<DateTime>(ConfigValueText.Parse("2021-01-01"));
    }

    [Fact]
    public void Bracketed_lists_are_lists_with_typed_items()
    {
        Assert.Equal(new List<object?> { "a", "b" }, ConfigValueText.Parse("[a,b]"));
        Assert.Equal(new List<object?> { 1L, 2L }, ConfigValueText.Parse("[1,2]"));
        Assert.Equal(new List<object?> { "part1 part2", "part3" }, ConfigValueText.Parse("['part1 part2',part3]"));
        Assert.Equal(new List<object?> { "x", true }, ConfigValueText.Parse("[ \"x\", y ]"));
    }

    [Fact]
    public void Colons_and_question_marks_inside_lists_stay_in_strings()
    {
        Assert.Equal(new List<object?> { "url:http://h/c?a=b" }, ConfigValueText.Parse("[url:http://h/c?a=b]"));
    }

    [Fact]
    public void Empty_brackets_are_an_empty_list_and_a_dash_item_is_a_list()
    {
        Assert.Equal(new List<object?>(), ConfigValueText.Parse("[]"));
        Assert.Equal(new List<object?> { "a" }, ConfigValueText.Parse("- a"));
    }

    [Fact]
    public void Flow_maps_are_maps_a_deliberate_fix_over_rancheros()
    {
        var map = Assert.IsType<Dictionary<string, object?>>(ConfigValueText.Parse("{a: b, c: 1, url: http://x:80/}"));
        Assert.Equal("b", map["a"]);
        Assert.Equal(1L, map["c"]);
        Assert.Equal("http://x:80/", map["url"]);
    }

    [Fact]
    public void A_newline_in_a_value_keeps_it_one_string()
    {
        Assert.Equal("line1\nline2: x", ConfigValueText.Parse("line1\nline2: x"));
    }
}
