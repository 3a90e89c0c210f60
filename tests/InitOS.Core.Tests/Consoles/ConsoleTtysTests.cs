using InitOS.Core.Config;
using InitOS.Core.Consoles;

namespace InitOS.Core.Tests.Consoles;

public sealed class ConsoleTtysTests
{
    private static IReadOnlyList<ConsoleTty> Parse(string cmdline, string yaml = "") => ConsoleTtys.Parse(cmdline, YamlText.Parse(yaml, "test"));

    [Fact]
    public void Consoles_come_from_console_arguments_with_autologin_where_asked()
    {
        var ttys = Parse("BOOT_IMAGE=/vmlinuz console=tty0 console=ttyS0,115200n8 console=ttyS0 rancher.autologin=ttyS0 quiet");
        Assert.Equal([new ConsoleTty("tty1", null, false), new ConsoleTty("ttyS0", "115200", true)], ttys);
    }

    [Fact]
    public void Without_console_arguments_tty1_gets_a_getty()
    {
        Assert.Equal([new ConsoleTty("tty1", null, false)], Parse("root=/dev/sda1"));
    }

    [Fact]
    public void Arguments_after_the_double_dash_and_disabled_autologin_are_ignored()
    {
        Assert.False(Parse("console=ttyS0 -- rancher.autologin=ttyS0")[0].Autologin);
        Assert.False(Parse("console=ttyS0 rancher.autologin=ttyS0", "rancher:\n  disable: [autologin]\n")[0].Autologin);
        Assert.False(Parse("console=ttyS1 rancher.autologin=ttyS0")[0].Autologin);
    }

    [Fact]
    public void Getty_argv_for_serial_lines_and_virtual_terminals()
    {
        Assert.Equal(["/sbin/agetty", "-L", "--autologin", "rancher", "ttyS0", "115200", "vt102"], ConsoleTtys.GettyArgv(new ConsoleTty("ttyS0", null, true)));
        Assert.Equal(["/sbin/agetty", "-L", "ttyAMA0", "38400", "vt102"], ConsoleTtys.GettyArgv(new ConsoleTty("ttyAMA0", "38400", false)));
        Assert.Equal(["/sbin/agetty", "--noclear", "tty1", "linux"], ConsoleTtys.GettyArgv(new ConsoleTty("tty1", null, false)));
    }
}
