using InitOS.Core.Boot;
using InitOS.Core.Consoles;
using InitOS.Core.Ports;
using InitOS.Platform.CloudInit;
using InitOS.Platform.Files;
using InitOS.Platform.Linux;
using InitOS.Platform.Logging;
using InitOS.Platform.Processes;

namespace InitOS.CloudInit.Tests;

/// <summary>
/// Issue 8: console-init against a temp root (what <c>INITOS_ROOT</c> does) with the real adapters: files, modes,
/// owners, ssh-keygen, scripts, and the supervision of real child processes.
/// </summary>
public sealed class ConsoleInitTests : IDisposable
{
    private const string Key = "ssh-ed25519 AAAAC3NzaConsoleKey me@laptop";
    private readonly TempTree _tree = new();
    private readonly FakeClock _clock = new();
    private CloudInitLog _log = null!;

    public ConsoleInitTests()
    {
        // The console image as it was before issue 8: rancher with an empty password.
        _tree.Write("/etc/passwd", "root:x:0:0:root:/root:/bin/bash\nrancher:x:1100:1100::/home/rancher:/bin/bash\ndocker:x:1101:1101::/home/docker:/bin/bash\n");
        _tree.Write("/etc/group", "root:x:0:\nshadow:x:42:\nsudo:x:27:rancher,docker\nrancher:x:1100:\ndocker:x:1101:rancher,docker\n");
        _tree.Write("/etc/shadow", "root:!:20089:0:99999:7:::\nrancher::20089:0:99999:7:::\ndocker:!:20089:0:99999:7:::\n");
        _tree.Write("/etc/hosts", "127.0.0.1\tlocalhost\n");
        _tree.Write("/proc/sys/kernel/hostname", "initos\n");
        _tree.Write("/proc/cmdline", "console=ttyS0,115200 rancher.autologin=ttyS0 rancher.password=from-cmdline\n");
        _tree.Write("/usr/bin/initos", "stand-in for the bind-mounted binary");
        File.SetUnixFileMode(_tree.Path("/etc/shadow"), Core.Modes.File0640);
    }

    public void Dispose() => _tree.Dispose();

    private ConsoleInit Program(IChildLauncher? launcher = null)
    {
        var files = new RootedFileStore(_tree.Root);
        _log = new CloudInitLog(new ConsoleLog(Stream.Null), () => 0);
        return new ConsoleInit(files, new LinuxHostFiles(files), new ProgramRunner(), launcher ?? new ProcessChildLauncher(new LinuxSyscalls()),
            _log, _clock, () => "testsalt") { ScriptTimeout = TimeSpan.FromSeconds(60), Respawn = new Backoff(TimeSpan.FromMilliseconds(20), TimeSpan.FromMilliseconds(80), TimeSpan.FromSeconds(10)) };
    }

    private async Task<int> SetupAsync()
    {
        var program = Program();
        var plan = program.Plan();
        return await program.SetupAsync(plan, CancellationToken.None) + await program.RunScriptsAsync(plan, CancellationToken.None);
    }

    private string Stat(string path, string format) => Tools.Run("stat", "-c", format, _tree.Path(path)).Trim();

    private string Octal(string path) => Stat(path, "%a");

    private string Owner(string path) => Stat(path, "%u:%g");

    [RequiresRootFact]
    public async Task Issue_8_setup_writes_accounts_keys_sshd_config_hosts_and_links_with_modes_and_owners()
    {
        _tree.Write("/var/lib/rancher/conf/cloud-config.yml", $"""
            hostname: box
            ssh_authorized_keys: [{Key}]
            rancher:
              environment:
                FOO: bar
              network:
                http_proxy: http://proxy:3128
              ssh:
                port: 2222
            """);
        var hostsInode = Stat("/etc/hosts", "%i");

        Assert.Equal(0, await SetupAsync());

        // rancher.password from the kernel command line, hashed, never expiring
        var rancher = _tree.Read("/etc/shadow")!.Split('\n').Single(l => l.StartsWith("rancher:", StringComparison.Ordinal)).Split(':');
        var expected = Tools.Exists("openssl") ? Tools.Run("openssl", "passwd", "-6", "-salt", "testsalt", "from-cmdline").Trim() : Core.CloudInit.Sha512Crypt.Hash("from-cmdline", "testsalt");
        Assert.Equal(expected, rancher[1]);
        Assert.NotEqual("0", rancher[2]);
        Assert.Equal("640", Octal("/etc/shadow"));
        Assert.Equal("0:42", Owner("/etc/shadow"));

        Assert.Equal(Key + "\n", _tree.Read("/home/rancher/.ssh/authorized_keys"));
        Assert.Equal("600", Octal("/home/rancher/.ssh/authorized_keys"));
        Assert.Equal("1100:1100", Owner("/home/rancher/.ssh/authorized_keys"));
        Assert.Equal("700", Octal("/home/rancher/.ssh"));
        Assert.Equal("1100:1100", Owner("/home/rancher"));

        var sshd = _tree.Read("/etc/ssh/sshd_config")!;
        Assert.Contains("PasswordAuthentication no\n", sshd);
        Assert.Contains("PermitRootLogin no\n", sshd);
        Assert.Contains("Port 2222\n", sshd);
        Assert.Equal("700", Octal(SshHostKeys.Directory));
        foreach (var type in SshHostKeys.DefaultTypes)
        {
            Assert.Contains($"HostKey {SshHostKeys.KeyPath(type)}\n", sshd);
            Assert.Equal("600", Octal(SshHostKeys.KeyPath(type)));
            Assert.Equal("0:0", Owner(SshHostKeys.KeyPath(type)));
            Assert.StartsWith(type == "rsa" ? "ssh-rsa " : type == "ecdsa" ? "ecdsa-sha2-" : "ssh-ed25519 ", _tree.Read(SshHostKeys.KeyPath(type) + ".pub"));
        }

        Assert.Equal("127.0.0.1\tlocalhost\n127.0.1.1\tbox\n", _tree.Read("/etc/hosts"));
        Assert.Equal(hostsInode, Stat("/etc/hosts", "%i"));

        var profile = _tree.Read(LoginEnvironment.ProfilePath)!;
        Assert.Contains("export FOO='bar'\n", profile);
        Assert.Contains("export http_proxy='http://proxy:3128'\n", profile);
        Assert.Contains("export HTTP_PROXY='http://proxy:3128'\n", profile);
        Assert.Equal("644", Octal(LoginEnvironment.ProfilePath));
        Assert.Contains("HTTP_PROXY=\"http://proxy:3128\"\n", _tree.Read("/etc/environment"));

        foreach (var command in ConsolePlanner.PowerCommands)
        {
            Assert.Equal("/usr/bin/initos", new FileInfo(_tree.Path("/usr/sbin/" + command)).LinkTarget);
        }
    }

    [RequiresRootFact]
    public async Task Issue_8_a_kept_console_keeps_its_host_keys_and_files_and_rancher_stays_locked()
    {
        _tree.Write("/proc/cmdline", "console=ttyS0\n");
        Assert.Equal(0, await SetupAsync());
        Assert.StartsWith("rancher:!:", _tree.Read("/etc/shadow")!.Split('\n')[1]);
        var before = SshHostKeys.DefaultTypes.ToDictionary(t => t, t => _tree.Read(SshHostKeys.KeyPath(t)));
        var inodes = new[] { "/etc/shadow", "/etc/ssh/sshd_config", LoginEnvironment.ProfilePath }.ToDictionary(p => p, p => Stat(p, "%i"));

        Assert.Equal(0, await SetupAsync());

        Assert.Equal(before, SshHostKeys.DefaultTypes.ToDictionary(t => t, t => _tree.Read(SshHostKeys.KeyPath(t))));
        Assert.Equal(inodes, inodes.Keys.ToDictionary(p => p, p => Stat(p, "%i")));
    }

    [RequiresRootFact]
    public async Task Boot_scripts_run_once_per_boot_only_when_executable()
    {
        _tree.Write("/opt/rancher/bin/start.sh", "#!/bin/sh\necho start >> \"$(dirname \"$0\")/ran.txt\"\n");
        _tree.Write("/etc/rc.local", "echo rc >> \"$(dirname \"$0\")/ran.txt\"\n");
        _tree.Write("/var/lib/rancher/conf/cloud-config-script", "#!/bin/sh\necho never >> /tmp/should-not-run\n");
        File.SetUnixFileMode(_tree.Path("/opt/rancher/bin/start.sh"), (UnixFileMode)0b111_101_101);
        File.SetUnixFileMode(_tree.Path("/etc/rc.local"), (UnixFileMode)0b111_101_101);

        Assert.Equal(0, await SetupAsync());
        Assert.Equal(0, await SetupAsync());

        Assert.Equal("start\n", _tree.Read("/opt/rancher/bin/ran.txt"));
        Assert.Equal("rc\n", _tree.Read("/etc/ran.txt"));
        Assert.NotNull(_tree.Read(ConsoleInit.ScriptsStamp));
    }

    [Fact]
    public async Task Children_are_restarted_with_backoff_and_stopped_on_cancel()
    {
        var plan = new ConsolePlan([], [], [
            new ConsoleChild("crasher", ["/bin/sh", "-c", "exit 3"]),
            new ConsoleChild("sleeper", ["/bin/sh", "-c", $"echo $$ > {_tree.Path("/sleeper.pid")}; exec sleep 60"]),
            new ConsoleChild("missing", ["/nonexistent/getty"]),
        ], [], []);
        using var stop = new CancellationTokenSource();
        var program = Program();
        var supervising = program.SuperviseAsync(plan, stop.Token);
        // Until the facts (three exits of the crasher, the sleeper started), let each restart's backoff pass on the
        // fake clock when it is asked for: the crasher and the missing getty keep asking while they are restarted.
        int? pid = null;
        while (pid is null || _log.Written.Count(r => r.Text.StartsWith("crasher exited with status 3", StringComparison.Ordinal)) < 3)
        {
            var backoff = await _clock.NextWaitAsync().AsTask().WaitAsync(HangGuard.Limit);
            _clock.AdvanceTo(backoff.End);
            pid = _log.Written.Select(r => System.Text.RegularExpressions.Regex.Match(r.Text, @"^Started sleeper \(pid ([0-9]+)\)$"))
                .Where(m => m.Success).Select(m => (int?)int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)).FirstOrDefault();
        }
        Assert.True(Directory.Exists($"/proc/{pid}"));

        stop.Cancel();
        await supervising.WaitAsync(HangGuard.Limit);

        Assert.False(File.Exists($"/proc/{pid}/cmdline") && File.ReadAllText($"/proc/{pid}/cmdline").Contains("sleep", StringComparison.Ordinal));
        var texts = _log.Written.Select(r => r.Text).ToList();
        Assert.True(texts.Count(t => t.StartsWith("crasher exited with status 3", StringComparison.Ordinal)) >= 3);
        Assert.Contains(texts, t => t.Contains("restarting in 0.1 s") || t.Contains("restarting in 0 s"));
        Assert.Contains(texts, t => t.StartsWith("Failed to start missing", StringComparison.Ordinal));
        Assert.Contains("Stopped sleeper", texts);
    }
}
