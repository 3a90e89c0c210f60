using InitOS.Core.Config;

namespace InitOS.Core.Tests.Config;

public class Yaml11ScalarTests
{
    [Theory]
    [InlineData("true", true)]
    [InlineData("True", true)]
    [InlineData("TRUE", true)]
    [InlineData("yes", true)]
    [InlineData("Yes", true)]
    [InlineData("y", true)]
    [InlineData("Y", true)]
    [InlineData("on", true)]
    [InlineData("ON", true)]
    [InlineData("false", false)]
    [InlineData("no", false)]
    [InlineData("n", false)]
    [InlineData("off", false)]
    [InlineData("Off", false)]
    public void Yaml_1_1_boolean_spellings_are_booleans(string text, bool expected)
    {
        Assert.Equal(expected, Yaml11Scalar.Resolve(text));
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
    [InlineData("0", 0L)]
    public void Integers_follow_go_base_prefix_rules(string text, long expected)
    {
        Assert.Equal(expected, Yaml11Scalar.Resolve(text));
    }

    [Theory]
    [InlineData("1.5", 1.5)]
    [InlineData(".5", 0.5)]
    [InlineData("1e3", 1000.0)]
    [InlineData("08", 8.0)]
    [InlineData("99999999999999999999999", 1e23)]
    public void Floats_and_numbers_beyond_integer_range_are_floats(string text, double expected)
    {
        Assert.Equal(expected, Assert.IsType<double>(Yaml11Scalar.Resolve(text)));
    }

    [Theory]
    [InlineData(".inf")]
    [InlineData("-.inf")]
    [InlineData(".nan")]
    public void Special_floats_are_recognised(string text)
    {
        var value = Assert.IsType<double>(Yaml11Scalar.Resolve(text));
        Assert.False(double.IsFinite(value));
    }

    [Theory]
    [InlineData("~")]
    [InlineData("null")]
    [InlineData("NULL")]
    [InlineData("")]
    public void Null_spellings_are_null(string text)
    {
        Assert.Null(Yaml11Scalar.Resolve(text));
    }

    [Fact]
    public void A_date_is_a_timestamp()
    {
        Assert.Equal(new DateTime(2021, 1, 1, 0, 0, 0, DateTimeKind.Utc), Yaml11Scalar.Resolve("2021-01-01"));
    }

    [Theory]
    [InlineData("value1")]
    [InlineData("LABEL=RANCHER_STATE")]
    [InlineData("yEs")]
    [InlineData("1.2.3")]
    [InlineData("0x")]
    [InlineData("-")]
    public void Other_text_stays_a_string(string text)
    {
        Assert.Equal(text, Yaml11Scalar.Resolve(text));
    }
}
