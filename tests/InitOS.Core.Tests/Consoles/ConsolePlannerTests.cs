using System.Text;
using InitOS.Core.Boot;
using InitOS.Core.CloudInit;
using InitOS.Core.Config;
using InitOS.Core.Consoles;

namespace InitOS.Core.Tests.Consoles;

public sealed class ConsolePlannerTests
{
    private readonly Dictionary<string, string> _files = new()
    {
        ["/etc/passwd"] = "root:x:0:0:root:/root:/bin/bash\nrancher:x:1100:1100::/home/rancher:/bin/bash\ndocker:x:1101:1101::/home/docker:/bin/bash\n",
        ["/etc/group"] = "root:x:0:\nshadow:x:42:\nrancher:x:1100:\ndocker:x:1101:rancher,docker\n",
        ["/etc/shadow"] = "root:!:20089:0:99999:7:::\nrancher::20089:0:99999:7:::\ndocker:!:20089:0:99999:7:::\n",
        ["/etc/hosts"] = "127.0.0.1\tlocalhost\n",
        ["/proc/sys/kernel/hostname"] = "initos\n",
    };

    private readonly HashSet<string> _executable = [];

    private ConsolePlan Plan(string yaml, string cmdline = "console=ttyS0 rancher.autologin=ttyS0") =>
        ConsolePlanner.Plan(new ConsoleInputs(YamlText.Parse(yaml, "test"), cmdline, _files.GetValueOrDefault, _executable.Contains, () => "salt", new DateOnly(2026, 11, 30)));

    private static string? Written(ConsolePlan plan, string path) =>
        plan.Setup.Where(s => s is ExecuteStep.WriteFile w && w.Path == path || s is ExecuteStep.RewriteInPlace r && r.Path == path)
            .Select(s => Encoding.UTF8.GetString(s is ExecuteStep.WriteFile w ? w.Content : ((ExecuteStep.RewriteInPlace)s).Content)).SingleOrDefault();

    [Fact]
    public void Issue_8_the_console_is_set_up_from_the_config()
    {
        var plan = Plan("hostname: box\nssh_authorized_keys: [ssh-ed25519 AAAAkey me@x]\nrancher:\n  password: s3cret\n");

        Assert.StartsWith($"rancher:{Sha512Crypt.Hash("s3cret", "salt")}:", Written(plan, "/etc/shadow")!.Split('\n')[1]);
        Assert.Equal("ssh-ed25519 AAAAkey me@x\n", Written(plan, "/home/rancher/.ssh/authorized_keys"));
        Assert.Contains("PasswordAuthentication no\n", Written(plan, "/etc/ssh/sshd_config"));
        Assert.Equal("127.0.0.1\tlocalhost\n127.0.1.1\tbox\n", Written(plan, "/etc/hosts"));
        Assert.Contains(plan.Setup, s => s is ExecuteStep.RewriteInPlace { Path: "/etc/hosts" });
        Assert.Contains(plan.Setup, s => s is ExecuteStep.MakeDirectory { Path: "/home/rancher", Uid: 1100, Gid: 1100 });
        Assert.Contains(plan.Setup, s => s is ExecuteStep.MakeDirectory { Path: SshHostKeys.Directory });
        Assert.Equal(["/usr/sbin/poweroff", "/usr/sbin/reboot", "/usr/sbin/halt", "/usr/sbin/shutdown"],
            plan.Setup.OfType<ExecuteStep.Symlink>().Where(l => l.Target == "/usr/bin/initos").Select(l => l.Link));
        Assert.NotNull(Written(plan, LoginEnvironment.ProfilePath));
        // host keys exist before sshd_config names them
        var steps = plan.Setup.ToList();
        Assert.True(steps.FindLastIndex(s => s is ExecuteStep.Run) < steps.FindIndex(s => s is ExecuteStep.WriteFile { Path: "/etc/ssh/sshd_config" }));
    }

    [Fact]
    public void Issue_8_a_console_start_applies_rancher_sysctl_so_a_restart_takes_a_changed_setting()
    {
        var plan = Plan("rancher:\n  sysctl:\n    vm.swappiness: 10\n    net.ipv4.ip_forward: 1\n");
        Assert.Equal(["/proc/sys/net/ipv4/ip_forward=1", "/proc/sys/vm/swappiness=10"],
            plan.Setup.OfType<ExecuteStep.WriteKernelSetting>().Select(k => $"{k.Path}={k.Value}"));
    }

    [Fact]
    public void Issue_8_rancher_is_locked_without_a_configured_password()
    {
        Assert.StartsWith("rancher:!:", Written(Plan(""), "/etc/shadow")!.Split('\n')[1]);
    }

    [Fact]
    public void The_hosts_line_names_the_kernel_hostname_without_a_hostname_key()
    {
        Assert.Equal("127.0.0.1\tlocalhost\n127.0.1.1\tinitos\n", Written(Plan(""), "/etc/hosts"));
    }

    [Fact]
    public void A_kept_console_is_left_as_it_is()
    {
        const string yaml = "hostname: box\nrancher:\n  password: s3cret\n  environment:\n    FOO: bar\n";
        var first = Plan(yaml);
        foreach (var step in first.Setup)
        {
            switch (step)
            {
                case ExecuteStep.WriteFile w:
                    _files[w.Path] = Encoding.UTF8.GetString(w.Content);
                    break;
                case ExecuteStep.RewriteInPlace r:
                    _files[r.Path] = Encoding.UTF8.GetString(r.Content);
                    break;
                case ExecuteStep.Run run when run.Argv[0] == "ssh-keygen":
                    _files[run.Argv[^1]] = "KEY\n";
                    break;
            }
        }

        var again = Plan(yaml);

        Assert.Empty(again.Setup.OfType<ExecuteStep.WriteFile>());
        Assert.Empty(again.Setup.OfType<ExecuteStep.RewriteInPlace>());
        Assert.Empty(again.Setup.OfType<ExecuteStep.Run>());
    }

    [Fact]
    public void Children_are_sshd_and_a_getty_per_console_unless_the_daemon_is_off()
    {
        var plan = Plan("", "console=tty0 console=ttyS0,38400 rancher.autologin=ttyS0");
        Assert.Equal(["sshd", "getty tty1", "getty ttyS0"], plan.Children.Select(c => c.Name));
        Assert.Equal(["/usr/sbin/sshd", "-D", "-e", "-f", "/etc/ssh/sshd_config"], plan.Children[0].Argv);
        Assert.Equal(["/sbin/agetty", "-L", "--autologin", "rancher", "ttyS0", "38400", "vt102"], plan.Children[2].Argv);
        Assert.Equal(["getty ttyS0"], Plan("rancher:\n  ssh:\n    daemon: false\n").Children.Select(c => c.Name));
    }

    [Fact]
    public void Consoles_without_a_device_get_no_getty()
    {
        var plan = ConsolePlanner.Plan(new ConsoleInputs(YamlText.Parse("", "test"), "console=tty0 console=ttyS1", _files.GetValueOrDefault, _ => false,
            () => "salt", new DateOnly(2026, 11, 30), path => path == "/dev/tty1"));
        Assert.Equal(["sshd", "getty tty1"], plan.Children.Select(c => c.Name));
    }

    [Fact]
    public void Only_executable_scripts_run_shebang_ones_directly()
    {
        _files["/opt/rancher/bin/start.sh"] = "#!/bin/bash\necho hi\n";
        _files["/etc/rc.local"] = "echo no shebang\n";
        _files[CloudInitPaths.Script] = "#!/bin/sh\n";
        _executable.UnionWith(["/opt/rancher/bin/start.sh", "/etc/rc.local"]);

        var scripts = Plan("").Scripts;

        Assert.Equal([["/opt/rancher/bin/start.sh"], ["/bin/sh", "/etc/rc.local"]], scripts.Select(s => s.Argv.ToArray()));
    }

    [Fact]
    public void Children_restart_at_once_after_a_healthy_run_and_back_off_when_they_die_fast()
    {
        var backoff = Backoff.Console;
        Assert.Equal((1, TimeSpan.FromSeconds(1)), backoff.AfterExit(0, TimeSpan.FromMilliseconds(50)));
        Assert.Equal((2, TimeSpan.FromSeconds(2)), backoff.AfterExit(1, TimeSpan.FromMilliseconds(50)));
        Assert.Equal((7, TimeSpan.FromSeconds(30)), backoff.AfterExit(6, TimeSpan.FromSeconds(1)));
        Assert.Equal((1, TimeSpan.Zero), backoff.AfterExit(6, TimeSpan.FromMinutes(5)));
    }
}
