using System.Text;
using InitOS.Core.CloudInit;
using InitOS.Core.Config;

namespace InitOS.Core.Consoles;

/// <summary>
/// Decides what <c>console-init</c> does inside the console container (RancherOS §3.7), in this order:
/// <list type="number">
/// <item>home directories of <c>rancher</c> and <c>docker</c>; <c>/run/sshd</c>;</item>
/// <item>accounts in the console's own <c>/etc</c>: <c>users</c>, <c>password</c>, <c>chpasswd</c>,
/// <c>rancher.password</c>, <c>ssh_authorized_keys</c> — the <see cref="ExecutePlanner"/> rules
/// (<see cref="ExecutePhase.Accounts"/>), so <c>rancher</c> is locked unless a password is configured; and
/// <c>rancher.sysctl</c> (<see cref="ExecutePhase.Sysctl"/>), so a console restart applies a changed setting;</item>
/// <item>SSH host keys on the state partition (<see cref="SshHostKeys"/>) and <c>sshd_config</c>
/// (<see cref="SshdConfig"/>);</item>
/// <item>the <c>127.0.1.1 &lt;hostname&gt;</c> line of <c>/etc/hosts</c> (the <c>hostname</c> key, else the
/// kernel's current name), rewritten in place;</item>
/// <item>login environment and proxies (<see cref="LoginEnvironment"/>);</item>
/// <item><c>/usr/sbin/{poweroff,reboot,halt,shutdown}</c> as links to <see cref="Initos"/>;</item>
/// </list>
/// then the scripts (<c>cloud-config-script</c>, <c>/opt/rancher/bin/start.sh</c>, <c>/etc/rc.local</c>; each
/// only when executable, a <c>#!</c> script directly, anything else through <c>/bin/sh</c>), then the children:
/// <c>sshd -D -e</c> unless <c>rancher.ssh.daemon</c> is false, and a getty per console (<see cref="ConsoleTtys"/>)
/// whose device exists.
/// Files whose content is already right are not written again, so a kept console is left as it is.
/// </summary>
public static class ConsolePlanner
{
    /// <summary>The multi-call binary, bind-mounted from the host.</summary>
    public const string Initos = "/usr/bin/initos";

    /// <summary>The power commands linked to <see cref="Initos"/>.</summary>
    public static readonly IReadOnlyList<string> PowerCommands = ["poweroff", "reboot", "halt", "shutdown"];

    /// <summary>The user's boot scripts, in the order they run.</summary>
    public static readonly IReadOnlyList<string> ScriptPaths = [CloudInitPaths.Script, "/opt/rancher/bin/start.sh", "/etc/rc.local"];

    /// <summary>The sshd of the console image.</summary>
    public const string Sshd = "/usr/sbin/sshd";

    /// <summary>Plans the console.</summary>
    public static ConsolePlan Plan(ConsoleInputs inputs)
    {
        var tree = inputs.Tree;
        var setup = new List<ExecuteStep>();
        var problems = new List<string>();

        var accounts = ExecutePlanner.Plan(new ExecuteInputs(tree, ExecutePhase.Accounts | ExecutePhase.Sysctl, inputs.ReadText, inputs.NewSalt, inputs.Today));
        var users = new AccountFiles(inputs.ReadText("/etc/passwd"), null, null);
        foreach (var name in (string[])["rancher", "docker"])
        {
            if (users.User(name) is var (uid, gid, home))
            {
                setup.Add(new ExecuteStep.MakeDirectory(home, Modes.Dir0755, uid, gid));
            }
        }
        setup.Add(new ExecuteStep.MakeDirectory("/run/sshd", Modes.Dir0755, 0, 0));
        setup.AddRange(accounts.Steps);
        problems.AddRange(accounts.Problems);

        var keys = SshHostKeys.Plan(tree, inputs.ReadText);
        setup.AddRange(keys.Steps);
        problems.AddRange(keys.Problems);
        WriteIfChanged(setup, inputs, SshdConfig.Path, SshdConfig.Render(tree, keys.HostKeys), Modes.File0644);

        if (HostsLine(tree, inputs) is { } hosts)
        {
            setup.Add(hosts);
        }
        WriteIfChanged(setup, inputs, LoginEnvironment.ProfilePath, LoginEnvironment.RenderProfile(tree), Modes.File0644);
        WriteIfChanged(setup, inputs, LoginEnvironment.EnvironmentPath, LoginEnvironment.RenderEnvironment(tree), Modes.File0644);
        foreach (var command in PowerCommands)
        {
            setup.Add(new ExecuteStep.Symlink("/usr/sbin/" + command, Initos));
        }

        var scripts = new List<ExecuteStep.Run>();
        foreach (var path in ScriptPaths.Where(inputs.IsExecutable))
        {
            var direct = inputs.ReadText(path)?.StartsWith("#!", StringComparison.Ordinal) ?? false;
            scripts.Add(new ExecuteStep.Run(path, direct ? [path] : ["/bin/sh", path], MapArguments: true));
        }

        var children = new List<ConsoleChild>();
        if (!(ConfigTree.TryGet(tree, ["rancher", "ssh", "daemon"], out var daemon) && daemon is false))
        {
            children.Add(new ConsoleChild("sshd", [Sshd, "-D", "-e", "-f", SshdConfig.Path]));
        }
        // A console= device the console cannot see (no /dev node) would only fail and back off forever.
        foreach (var tty in ConsoleTtys.Parse(inputs.Cmdline, tree).Where(t => inputs.Exists?.Invoke("/dev/" + t.Name) ?? true))
        {
            children.Add(new ConsoleChild("getty " + tty.Name, ConsoleTtys.GettyArgv(tty)));
        }
        return new ConsolePlan(setup, scripts, children, accounts.Unapplied, problems);
    }

    /// <summary>
    /// The <c>/etc/hosts</c> step: the <c>127.0.1.1</c> line names the <c>hostname</c> key, else the kernel's current
    /// name; <c>null</c> when the file is already right or there is no valid name.
    /// </summary>
    public static ExecuteStep? HostsLine(Dictionary<string, object?> tree, ConsoleInputs inputs)
    {
        var configured = tree.GetValueOrDefault("hostname") is { } value and not (List<object?> or Dictionary<string, object?>)
            ? ConfigValue.FormatScalar(value).Trim()
            : "";
        var name = configured.Length > 0 ? configured : inputs.ReadText("/proc/sys/kernel/hostname")?.Trim() ?? "";
        if (!ExecutePlanner.IsValidHostname(name))
        {
            return null;
        }
        var hosts = inputs.ReadText("/etc/hosts");
        var updated = ExecutePlanner.HostsWithHostname(hosts ?? "127.0.0.1\tlocalhost\n", name, add: true);
        return updated == hosts ? null : new ExecuteStep.RewriteInPlace("/etc/hosts", Encoding.UTF8.GetBytes(updated));
    }

    private static void WriteIfChanged(List<ExecuteStep> steps, ConsoleInputs inputs, string path, string content, UnixFileMode mode)
    {
        if (inputs.ReadText(path) != content)
        {
            steps.Add(new ExecuteStep.WriteFile(path, Encoding.UTF8.GetBytes(content), mode, 0, 0));
        }
    }
}
