using InitOS.Core.Config;
using InitOS.Core.Consoles;

namespace InitOS.Core.Tests.Consoles;

public sealed class SshdConfigTests
{
    private static string Render(string yaml) => SshdConfig.Render(YamlText.Parse(yaml, "test"), ["/var/lib/rancher/conf/ssh/ssh_host_ed25519_key"]);

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    [Fact]
    public void Issue_8_passwords_are_off_and_root_login_is_refused_by_default()
    {
        var lines = Lines(Render(""));
        Assert.Contains("PasswordAuthentication no", lines);
        Assert.Contains("KbdInteractiveAuthentication no", lines);
        Assert.Contains("PermitRootLogin no", lines);
        Assert.Contains("PermitEmptyPasswords no", lines);
        // pubkey login to the locked rancher account works only through PAM
        Assert.Contains("UsePAM yes", lines);
        Assert.Contains("HostKey /var/lib/rancher/conf/ssh/ssh_host_ed25519_key", lines);
        Assert.DoesNotContain(lines, l => l.StartsWith("Port ", StringComparison.Ordinal) || l.StartsWith("ListenAddress", StringComparison.Ordinal) || l.StartsWith("Include", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("ssh_pwauth: true\n", "yes")]
    [InlineData("ssh_pwauth: 'yes'\n", "yes")]
    [InlineData("ssh_pwauth: false\n", "no")]
    [InlineData("ssh_pwauth: unchanged\n", "no")]
    public void Ssh_pwauth_true_turns_password_login_on(string yaml, string expected)
    {
        var lines = Lines(Render(yaml));
        Assert.Contains($"PasswordAuthentication {expected}", lines);
        Assert.Contains($"KbdInteractiveAuthentication {expected}", lines);
    }

    [Fact]
    public void Port_and_listen_address_come_from_rancher_ssh()
    {
        var lines = Lines(Render("rancher:\n  ssh:\n    port: 2222\n    listen_address: 10.0.0.5\n"));
        Assert.Contains("Port 2222", lines);
        Assert.Contains("ListenAddress 10.0.0.5", lines);
        Assert.DoesNotContain(Lines(Render("rancher:\n  ssh:\n    port: 70000\n")), l => l.StartsWith("Port", StringComparison.Ordinal));
        Assert.DoesNotContain(Lines(Render("rancher:\n  ssh:\n    port: 0\n")), l => l.StartsWith("Port", StringComparison.Ordinal));
    }
}
