using InitOS.Core.Config;

namespace InitOS.Core.Tests.Config;

/// <summary>Issue 12: numbers are clamped where read, never thrown on, and the clamp names its source.</summary>
public class ShutdownTimeoutTests
{
    private const string User = ConfigPaths.UserConfig;

    [Theory]
    [InlineData("99999999999999999999999", 3600)] // a ulong-sized number
    [InlineData("9223372036854775807", 3600)]
    [InlineData("1e300", 3600)]
    [InlineData("-40", 5)]
    [InlineData("0", 5)]
    public void Issue_12_an_out_of_range_shutdown_timeout_is_clamped_and_reported_at_its_position(string value, int seconds)
    {
        using var root = new TempRoot().With(User, $"hostname: h\nrancher:\n  shutdown_timeout: {value}\n");
        var settings = BootSettings.Read(ConfigLoader.Load(root.Files));
        Assert.Equal(TimeSpan.FromSeconds(seconds), settings.ShutdownTimeout.Value);
        var d = Assert.Single(settings.Diagnostics);
        Assert.Equal((User, 3L, 3L), (d.Source, d.Line, d.Column));
        Assert.EndsWith($"is outside 5..3600 s; using {seconds}", d.Message);
        Assert.StartsWith("rancher.shutdown_timeout: ", d.Message);
    }

    [Fact]
    public void A_shutdown_timeout_in_range_is_used_silently_and_unset_leaves_the_default()
    {
        using var root = new TempRoot().With(User, "rancher:\n  shutdown_timeout: 90\n");
        var settings = BootSettings.Read(ConfigLoader.Load(root.Files));
        Assert.Equal(TimeSpan.FromSeconds(90), settings.ShutdownTimeout.Value);
        Assert.Empty(settings.Diagnostics);
        root.With(User, "hostname: h\n");
        Assert.Equal(new Setting<TimeSpan>(BootSettings.DefaultShutdownTimeout), BootSettings.Read(ConfigLoader.Load(root.Files)).ShutdownTimeout);
    }

    [Fact]
    public void A_clamp_from_the_kernel_line_names_the_kernel_line()
    {
        using var root = new TempRoot()
            .With(User, "rancher:\n  shutdown_timeout: 30\n")
            .With(ConfigPaths.Cmdline, "rancher.shutdown_timeout=-1");
        var d = Assert.Single(BootSettings.Read(ConfigLoader.Load(root.Files)).Diagnostics);
        Assert.Equal("kernel command line: rancher.shutdown_timeout: -1 is outside 5..3600 s; using 5", d.ToString());
    }

    [Theory]
    [InlineData(null, "x", null, null)]
    [InlineData(7L, "k", 7L, null)]
    [InlineData(ulong.MaxValue, "k", 100L, "k: 18446744073709551615 is outside 1..100; using 100")]
    [InlineData(-5.0, "k", 1L, "k: -5 is outside 1..100; using 1")]
    [InlineData(double.NaN, "k", null, "k: '.nan' is not an integer; ignored")]
    [InlineData("ten", "k", null, "k: 'ten' is not an integer; ignored")]
    public void ConfigNumber_clamps_every_kind_of_value_without_throwing(object? value, string key, long? expected, string? problem)
    {
        Assert.Equal(expected, ConfigNumber.Clamp(value, key, 1, 100, "", out var actual));
        Assert.Equal(problem, actual);
    }
}
