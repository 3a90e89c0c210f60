using InitOS.Core.Lifecycle;

namespace InitOS.Core.Tests.Lifecycle;

public class InstallArgsTests
{
    [Fact]
    public void Base_has_the_consoles_panic_reboot_and_the_state_label()
    {
        Assert.Equal("console=tty1 console=ttyS0 printk.devkmsg=on cryptomgr.notests panic=10 rancher.state.dev=LABEL=RANCHER_STATE rancher.state.wait", InstallArgs.Base);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void Nothing_to_append_gives_the_base(string? append)
    {
        Assert.Equal(InstallArgs.Base, InstallArgs.Compose(append));
    }

    [Fact]
    public void Appended_arguments_are_trimmed_and_follow_the_base()
    {
        Assert.Equal(InstallArgs.Base + " rancher.debug=true quiet", InstallArgs.Compose("  rancher.debug=true quiet "));
    }

    [Theory]
    [InlineData("a\nb", "a newline")]
    [InlineData("a\rb", "a carriage return")]
    [InlineData("a\tb", "a tab")]
    [InlineData("a\u0001b", "U+0001")]
    [InlineData("x=\"y z\"", "double quote")]
    [InlineData("x='y'", "single quote")]
    [InlineData("a;reboot", "semicolon")]
    [InlineData("x=$y", "dollar")]
    [InlineData("x=`y`", "backtick")]
    [InlineData("x={y", "'{'")]
    [InlineData("x=}y", "'}'")]
    [InlineData("x=\\y", "backslash")]
    public void Characters_grub_would_mangle_are_refused_by_name(string append, string named)
    {
        var e = Assert.Throws<ArgumentException>(() => InstallArgs.Compose(append));
        Assert.Contains(named, e.Message);
        Assert.Contains("GRUB", e.Message);
    }
}
