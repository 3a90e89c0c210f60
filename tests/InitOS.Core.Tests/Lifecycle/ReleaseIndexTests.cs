using InitOS.Core.Lifecycle;
using System.Text;

namespace InitOS.Core.Tests.Lifecycle;

public class ReleaseIndexTests
{
    [Fact]
    public void Parses_current_and_available_like_rancheros_releases_yml()
    {
        var index = ReleaseIndex.Parse("current: initos/os:v0.2.0\navailable: [initos/os:v0.1.0, initos/os:v0.2.0]\n");
        Assert.Equal("initos/os:v0.2.0", index.Current);
        Assert.Equal(["initos/os:v0.1.0", "initos/os:v0.2.0"], index.Available);
    }

    [Fact]
    public void Block_lists_work_unknown_keys_are_ignored_and_either_key_may_be_missing()
    {
        var index = ReleaseIndex.Parse("# releases\navailable:\n  - reg:5000/initos/os:v1\n  - initos/os@sha256:" + new string('a', 64) + "\nnotes: hi\n");
        Assert.Null(index.Current);
        Assert.Equal(2, index.Available.Count);
        var onlyCurrent = ReleaseIndex.Parse("current: initos/os:v3\n");
        Assert.Equal("initos/os:v3", onlyCurrent.Current);
        Assert.Empty(onlyCurrent.Available);
    }

    [Theory]
    [InlineData("", "names no release")]
    [InlineData("notes: hi\n", "names no release")]
    [InlineData("current:\navailable: []\n", "names no release")]
    [InlineData("- a\n- b\n", "top level must be a map")]
    [InlineData("current: [a, b]\n", "'current' must be an image reference like initos/os:v0.2.0, not array")]
    [InlineData("current: 12\n", "'current' must be an image reference like initos/os:v0.2.0, not integer")]
    [InlineData("current: 'a b'\n", "'current' must be an image reference like initos/os:v0.2.0, not 'a b'")]
    [InlineData("available: initos/os:v1\n", "'available' must be a list of images, not string")]
    [InlineData("available: [initos/os:v1, {a: b}]\n", "'available[1]' must be an image reference")]
    [InlineData("available: [initos/os:v1, ~]\n", "'available[1]' must be an image reference like initos/os:v0.2.0, not null")]
    [InlineData("current: [unclosed\n", "release index:")]
    [InlineData("current: a\ncurrent: b\n", "release index:")]
    public void Errors_are_format_exceptions_with_a_clear_message(string yaml, string expected)
    {
        var e = Assert.Throws<FormatException>(() => ReleaseIndex.Parse(yaml));
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void An_alias_bomb_is_refused_by_the_yaml_limits()
    {
        var yaml = new StringBuilder("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for (var i = 1; i < 10; i++)
        {
            yaml.Append($"a{i}: &a{i} [*a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}]\n");
        }
        yaml.Append("current: initos/os:v1\n");
        var e = Assert.Throws<FormatException>(() => ReleaseIndex.Parse(yaml.ToString()));
        Assert.Contains("nodes", e.Message);
    }

    [Fact]
    public void Deep_nesting_is_refused_by_the_yaml_limits()
    {
        var e = Assert.Throws<FormatException>(() => ReleaseIndex.Parse("current: " + new string('[', 200) + new string(']', 200) + "\n"));
        Assert.Contains("deeper", e.Message);
    }

    [Theory]
    [InlineData("initos/os:v0.2.0", "v0.2.0")]
    [InlineData("reg:5000/initos/os:v1", "v1")]
    [InlineData("reg:5000/initos/os", "latest")]
    [InlineData("initos/os", "latest")]
    [InlineData("os", "latest")]
    [InlineData("os:", "latest")]
    [InlineData(" initos/os:v2 ", "v2")]
    [InlineData("initos/os@sha256:0123abcd", "sha256:0123abcd")]
    [InlineData("reg:5000/initos/os:v1@sha256:0123abcd", "sha256:0123abcd")]
    public void TagOf_reads_the_tag_or_digest(string imageRef, string tag)
    {
        Assert.Equal(tag, ReleaseIndex.TagOf(imageRef));
    }

    [Fact]
    public void TagOf_refuses_an_empty_reference()
    {
        Assert.Throws<ArgumentException>(() => ReleaseIndex.TagOf(" "));
    }
}
