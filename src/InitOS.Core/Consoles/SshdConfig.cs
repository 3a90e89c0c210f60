using System.Globalization;
using System.Text;
using InitOS.Core.Config;

namespace InitOS.Core.Consoles;

/// <summary>
/// The console's <c>/etc/ssh/sshd_config</c>, rendered whole from the config (no <c>Include</c>, so nothing left
/// in <c>sshd_config.d</c> can turn password login back on):
/// <list type="bullet">
/// <item><c>PasswordAuthentication</c> and <c>KbdInteractiveAuthentication</c> are <c>no</c> unless
/// <c>ssh_pwauth</c> is true;</item>
/// <item><c>PermitRootLogin no</c> always;</item>
/// <item><c>rancher.ssh.port</c> (1–65535, else sshd's 22) and <c>rancher.ssh.listen_address</c>;</item>
/// <item>host keys from <see cref="SshHostKeys.Directory"/> on the state partition;</item>
/// <item>RancherOS's template lines: <c>ClientAliveInterval 180</c>, <c>UseDNS no</c>.</item>
/// </list>
/// <c>UsePAM yes</c> matters: without PAM, sshd refuses even key logins to an account whose password is locked
/// (<c>!</c> in shadow), which is how <c>rancher</c> ships.
/// </summary>
public static class SshdConfig
{
    /// <summary>Where the file is written.</summary>
    public const string Path = "/etc/ssh/sshd_config";

    /// <summary>True when the config asks for password login over SSH (<c>ssh_pwauth: true</c>).</summary>
    public static bool PasswordLogin(Dictionary<string, object?> tree) =>
        tree.GetValueOrDefault("ssh_pwauth") switch
        {
            true => true,
            string s => s.Equals("true", StringComparison.OrdinalIgnoreCase) || s.Equals("yes", StringComparison.OrdinalIgnoreCase),
            _ => false,
        };

    /// <summary>The port from <c>rancher.ssh.port</c>, or <c>null</c> for sshd's default (unset or out of range).</summary>
    public static int? Port(Dictionary<string, object?> tree)
    {
        if (!ConfigTree.TryGet(tree, ["rancher", "ssh", "port"], out var value) || value is null)
        {
            return null;
        }
        return int.TryParse(ConfigValue.FormatScalar(value), NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is > 0 and <= 65535
            ? port
            : null;
    }

    /// <summary>Renders the file for <paramref name="tree"/> with the given host key paths.</summary>
    public static string Render(Dictionary<string, object?> tree, IReadOnlyList<string> hostKeys)
    {
        var yesNo = PasswordLogin(tree) ? "yes" : "no";
        var text = new StringBuilder();
        text.Append("# Written by console-init from the config (rancher.ssh, ssh_pwauth) at every console start; edits here are lost\n");
        if (Port(tree) is { } port)
        {
            text.Append("Port ").Append(port.ToString(CultureInfo.InvariantCulture)).Append('\n');
        }
        if (ConfigTree.TryGet(tree, ["rancher", "ssh", "listen_address"], out var listen) && listen is not (null or List<object?> or Dictionary<string, object?>)
            && ConfigValue.FormatScalar(listen).Trim() is { Length: > 0 } address && !address.Any(char.IsWhiteSpace))
        {
            text.Append("ListenAddress ").Append(address).Append('\n');
        }
        foreach (var key in hostKeys)
        {
            text.Append("HostKey ").Append(key).Append('\n');
        }
        text.Append("PermitRootLogin no\n");
        text.Append("PubkeyAuthentication yes\n");
        text.Append("AuthorizedKeysFile .ssh/authorized_keys\n");
        text.Append("PasswordAuthentication ").Append(yesNo).Append('\n');
        text.Append("KbdInteractiveAuthentication ").Append(yesNo).Append('\n');
        text.Append("PermitEmptyPasswords no\n");
        text.Append("UsePAM yes\n");
        text.Append("ClientAliveInterval 180\n");
        text.Append("UseDNS no\n");
        text.Append("X11Forwarding no\n");
        text.Append("PrintMotd no\n");
        text.Append("AcceptEnv LANG LC_*\n");
        text.Append("Subsystem sftp /usr/lib/openssh/sftp-server\n");
        return text.ToString();
    }
}
