using InitOS.CloudInit;
using InitOS.Core.Boot;
using InitOS.Core.CloudInit;
using InitOS.Platform.CloudInit;
using InitOS.Platform.Files;
using InitOS.Platform.Linux;
using InitOS.Platform.Logging;
using InitOS.Platform.Processes;

namespace InitOS.CloudInit.Tests;

/// <summary>cloud-init-execute end to end in a temp root with the real adapters (files, chown, processes).</summary>
public sealed class ExecuteTests : IDisposable
{
    private const string AliceKey = "ssh-ed25519 AAAAalice alice@laptop";
    private readonly TempTree _tree = new();
    private CloudInitLog _log = null!;

    public ExecuteTests()
    {
        _tree.Write("/etc/passwd", "root:x:0:0:root:/root:/bin/sh\nrancher:x:1100:1100::/home/rancher:/bin/bash\ndocker:x:1101:1101::/home/docker:/bin/bash\n");
        _tree.Write("/etc/group", "root:x:0:\nshadow:x:42:\nrancher:x:1100:\ndocker:x:1101:rancher\n");
        _tree.Write("/etc/shadow", "root:*:19000:0:99999:7:::\nrancher:*:19000:0:99999:7:::\ndocker:*:19000:0:99999:7:::\n");
        _tree.Write("/etc/hosts", "127.0.0.1\tlocalhost\n127.0.1.1\trancher\n");
        _tree.Write("/proc/sys/fs/file-max", "0\n");
        _tree.Write("/usr/share/zoneinfo/Europe/Berlin", "TZif");
        _tree.Write("/home/rancher/.ssh/authorized_keys", "ssh-rsa AAAAexisting old@key\n");
    }

    public void Dispose() => _tree.Dispose();

    private async Task<int> ExecuteAsync(ExecutePhase phase = ExecutePhase.Default)
    {
        var files = new RootedFileStore(_tree.Root);
        _log = new CloudInitLog(new ConsoleLog(Stream.Null), () => 0);
        var execute = new CloudInitExecute(files, new LinuxHostFiles(files), new LinuxSyscalls(), new ProgramRunner(), _log,
            new FakeClock(), () => "testsalt") { CommandTimeout = TimeSpan.FromSeconds(20) };
        return await execute.RunAsync(phase, CancellationToken.None);
    }

    private void BootYml(string yaml) => _tree.Write("/var/lib/rancher/conf/cloud-config.d/boot.yml", yaml);

    private string Owner(string path) => Tools.Run("stat", "-c", "%u:%g", _tree.Path(path)).Trim();

    private string Octal(string path) => Convert.ToString((int)_tree.Mode(path), 8);

    private IEnumerable<string> Logged(SyslogLevel level) => _log.Written.Where(r => r.Level == level).Select(r => r.Text);

    [Fact]
    public async Task The_issue_seed_sets_hostname_keys_password_and_password_login()
    {
        BootYml(LocalSourceTests.SeedUserData);
        _tree.Write("/var/lib/rancher/conf/metadata", "hostname: cloudimg\nsshpublickeys:\n  \"0\": ssh-rsa AAAAmeta meta@x\n");

        Assert.Equal(0, await ExecuteAsync(ExecutePhase.Default | ExecutePhase.Accounts));

        Assert.Equal("seeded\n", _tree.Read("/etc/hostname"));
        Assert.Equal("127.0.0.1\tlocalhost\n127.0.1.1\tseeded\n", _tree.Read("/etc/hosts"));
        Assert.Equal("ssh-rsa AAAAexisting old@key\nssh-ed25519 AAAAC3NzaSeedKey seed@host\nssh-rsa AAAAmeta meta@x\n",
            _tree.Read("/home/rancher/.ssh/authorized_keys"));
        Assert.Equal("600", Octal("/home/rancher/.ssh/authorized_keys"));
        Assert.Equal("700", Octal("/home/rancher/.ssh"));
        if (Tools.IsRoot)
        {
            Assert.Equal("1100:1100", Owner("/home/rancher/.ssh/authorized_keys"));
            Assert.Equal("1100:1100", Owner("/home/rancher/.ssh"));
        }
        // The docker user gets the same keys, as in RancherOS.
        Assert.Contains("seed@host", _tree.Read("/home/docker/.ssh/authorized_keys"));

        var shadow = _tree.Read("/etc/shadow")!.Split('\n').Single(l => l.StartsWith("rancher:", StringComparison.Ordinal)).Split(':');
        var expected = Tools.Exists("openssl") ? Tools.Run("openssl", "passwd", "-6", "-salt", "testsalt", "rancher-pw").Trim() : Sha512Crypt.Hash("rancher-pw", "testsalt");
        Assert.Equal(expected, shadow[1]);
        Assert.NotEqual("0", shadow[2]); // chpasswd: {expire: False}
        Assert.Equal("640", Octal("/etc/shadow"));
        // ssh_pwauth is console-init's (SshdConfig): nothing SSH-related lands in PID 1's root.
        Assert.Null(_tree.Read("/etc/ssh/sshd_config.d/50-initos-cloud-init.conf"));
    }

    [Fact]
    public async Task Password_login_over_ssh_stays_off_unless_asked_and_passwords_expire_by_default()
    {
        BootYml("#cloud-config\npassword: pw\n");
        Assert.Equal(0, await ExecuteAsync(ExecutePhase.Default | ExecutePhase.Accounts));
        var shadow = _tree.Read("/etc/shadow")!.Split('\n').Single(l => l.StartsWith("rancher:", StringComparison.Ordinal)).Split(':');
        Assert.StartsWith("$6$testsalt$", shadow[1]);
        Assert.Equal("0", shadow[2]);
    }

    [Fact]
    public async Task Write_files_with_encodings_permissions_owner_append_and_container()
    {
        _tree.Write("/etc/motd", "line one\n");
        var gzB64 = Convert.ToBase64String(Gzip("zipped\n"u8.ToArray()));
        BootYml($$"""
            #cloud-config
            write_files:
              - path: /opt/plain.txt
                content: |
                  hello
              - path: /opt/b64.bin
                encoding: b64
                content: {{Convert.ToBase64String("\u0001\u0002binary"u8.ToArray())}}
                permissions: '0750'
                owner: rancher:docker
              - path: /opt/gz.txt
                encoding: gz+b64
                content: {{gzB64}}
                permissions: 0600
              - path: /etc/motd
                content: "line two\n"
                append: true
              - path: /opt/in-other-container
                container: ntp
                content: x
              - path: /opt/bad
                encoding: rot13
                content: x
              - path: relative/path
                content: x
            """);

        Assert.Equal(1, await ExecuteAsync());

        Assert.Equal("hello\n", _tree.Read("/opt/plain.txt"));
        Assert.Equal("644", Octal("/opt/plain.txt"));
        Assert.Equal("\u0001\u0002binary", _tree.Read("/opt/b64.bin"));
        Assert.Equal("750", Octal("/opt/b64.bin"));
        if (Tools.IsRoot)
        {
            Assert.Equal("1100:1101", Owner("/opt/b64.bin"));
        }
        Assert.Equal("zipped\n", _tree.Read("/opt/gz.txt"));
        Assert.Equal("600", Octal("/opt/gz.txt"));
        Assert.Equal("line one\nline two\n", _tree.Read("/etc/motd"));
        Assert.Null(_tree.Read("/opt/in-other-container"));
        Assert.Contains(Logged(SyslogLevel.Warning), t => t.Contains("'write_files[4]' for container 'ntp'"));
        Assert.Null(_tree.Read("/opt/bad"));
        Assert.Contains(Logged(SyslogLevel.Error), t => t.Contains("unknown encoding 'rot13'"));
        Assert.Contains(Logged(SyslogLevel.Error), t => t.Contains("'relative/path' is not an absolute path"));
        Assert.Empty(Directory.GetFiles(_tree.Path("/opt"), ".*"));
    }

    [Fact]
    public async Task Runcmd_runs_in_order_and_stops_at_the_first_failure()
    {
        var marker = _tree.Path("/ran");
        BootYml($"""
            #cloud-config
            runcmd:
              - echo one >> {marker}
              - [sh, -c, "echo two >> {marker}"]
              - []
              - exit 3
              - echo never >> {marker}
            """);

        Assert.Equal(1, await ExecuteAsync());
        Assert.Equal("one\ntwo\n", File.ReadAllText(marker));
        Assert.Contains(Logged(SyslogLevel.Error), t => t.Contains("runcmd[3]") && t.Contains("exit status 3"));
        Assert.Contains(Logged(SyslogLevel.Info), t => t.StartsWith("Skipping: Run runcmd[4]", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Bootcmd_runs_only_in_the_boot_phase()
    {
        var marker = _tree.Path("/boot-ran");
        BootYml($"#cloud-config\nbootcmd:\n  - echo early >> {marker}\nhostname: h\n");
        Assert.Equal(0, await ExecuteAsync(ExecutePhase.Boot));
        Assert.Equal("early\n", File.ReadAllText(marker));
        Assert.Null(_tree.Read("/etc/hostname"));
        Assert.Equal(0, await ExecuteAsync());
        Assert.Equal("early\n", File.ReadAllText(marker));
        Assert.Equal("h\n", _tree.Read("/etc/hostname"));
    }

    [Fact]
    public async Task Sysctl_timezone_ntp_and_unapplied_keys()
    {
        BootYml("""
            #cloud-config
            rancher:
              sysctl:
                fs.file-max: 1000000000
                ../evil: 1
            timezone: Europe/Berlin
            ntp:
              servers: [ntp1.example.com]
              pools: [pool.example.org]
              ntp_client: chrony
            packages: [vim]
            apt: {preserve_sources_list: true}
            """);

        Assert.Equal(1, await ExecuteAsync());
        Assert.Equal("1000000000", _tree.Read("/proc/sys/fs/file-max"));
        Assert.Equal("/usr/share/zoneinfo/Europe/Berlin", File.ResolveLinkTarget(_tree.Path("/etc/localtime"), false)!.ToString());
        Assert.Equal("Europe/Berlin\n", _tree.Read("/etc/timezone"));
        // ntp is applied by the ntp service (ntp-init), not written into the host root
        Assert.False(File.Exists(_tree.Path("/etc/chrony/sources.d/initos-cloud-init.sources")));
        var warnings = Logged(SyslogLevel.Warning).ToList();
        Assert.Contains("Not applying cloud-config key 'apt' (not implemented by InitOS)", warnings);
        Assert.Contains("Not applying cloud-config key 'packages' (not implemented by InitOS)", warnings);
        Assert.Contains(warnings, w => w.Contains("'ntp.ntp_client'"));
        Assert.Contains(Logged(SyslogLevel.Error), t => t.Contains("rancher.sysctl '../evil'"));
    }

    [Fact]
    public async Task Users_are_created_with_groups_sudo_keys_and_password()
    {
        var hash = Sha512Crypt.Hash("alice-pw", "alicesalt");
        BootYml($"""
            #cloud-config
            users:
              - default
              - name: alice
                gecos: Alice
                groups: [docker, wheel]
                sudo: ALL=(ALL) NOPASSWD:ALL
                shell: /bin/bash
                lock_passwd: false
                passwd: {hash}
                ssh_authorized_keys: [{AliceKey}]
                primary_group: staff
              - bob
            """);

        Assert.Equal(0, await ExecuteAsync(ExecutePhase.Default | ExecutePhase.Accounts));
        var passwd = _tree.Read("/etc/passwd")!;
        Assert.Contains("alice:x:1000:1000:Alice:/home/alice:/bin/bash\n", passwd);
        Assert.Contains("bob:x:1002:1002::/home/bob:/bin/sh\n", passwd);
        var group = _tree.Read("/etc/group")!;
        Assert.Contains("docker:x:1101:rancher,alice\n", group);
        Assert.Contains("alice:x:1000:\n", group);
        Assert.Contains("wheel:x:1001:alice\n", group);
        var shadow = _tree.Read("/etc/shadow")!;
        Assert.Contains($"alice:{hash}:", shadow);
        Assert.Contains("bob:!:", shadow);
        Assert.Equal("alice ALL=(ALL) NOPASSWD:ALL\n", _tree.Read("/etc/sudoers.d/90-cloud-init-alice"));
        Assert.Equal("440", Octal("/etc/sudoers.d/90-cloud-init-alice"));
        Assert.Equal(AliceKey + "\n", _tree.Read("/home/alice/.ssh/authorized_keys"));
        Assert.Equal("700", Octal("/home/alice"));
        if (Tools.IsRoot)
        {
            Assert.Equal("1000:1000", Owner("/home/alice/.ssh/authorized_keys"));
        }
        Assert.Contains(Logged(SyslogLevel.Warning), t => t.Contains("'users[1].primary_group'"));
    }

    [Fact]
    public async Task Issue_8_pid_1_leaves_accounts_to_the_console_but_writes_rancher_keys_into_the_shared_home()
    {
        BootYml("#cloud-config\npassword: pw\nssh_authorized_keys: [ssh-ed25519 AAAAnew new@key]\nusers: [carol]\n");
        var shadow = _tree.Read("/etc/shadow");
        var passwd = _tree.Read("/etc/passwd");

        Assert.Equal(0, await ExecuteAsync());

        Assert.Equal(shadow, _tree.Read("/etc/shadow"));
        Assert.Equal(passwd, _tree.Read("/etc/passwd"));
        Assert.Null(_tree.Read("/home/carol/.ssh/authorized_keys"));
        // /home is shared with the console: rancher's keys are worth writing from PID 1 already.
        Assert.Equal("ssh-rsa AAAAexisting old@key\nssh-ed25519 AAAAnew new@key\n", _tree.Read("/home/rancher/.ssh/authorized_keys"));
    }

    [Fact]
    public async Task Issue_8_hosts_gets_the_hostname_line_in_place()
    {
        _tree.Write("/etc/hosts", "127.0.0.1\tlocalhost\n");
        var inode = Tools.Run("stat", "-c", "%i", _tree.Path("/etc/hosts")).Trim();
        BootYml("#cloud-config\nhostname: box\n");

        Assert.Equal(0, await ExecuteAsync(ExecutePhase.PreConsole));

        Assert.Equal("127.0.0.1\tlocalhost\n127.0.1.1\tbox\n", _tree.Read("/etc/hosts"));
        // Rewritten, not replaced: the containers' bind mounts of /etc/hosts keep seeing it.
        Assert.Equal(inode, Tools.Run("stat", "-c", "%i", _tree.Path("/etc/hosts")).Trim());
    }

    private static byte[] Gzip(byte[] data)
    {
        using var output = new MemoryStream();
        using (var gz = new System.IO.Compression.GZipStream(output, System.IO.Compression.CompressionLevel.Fastest))
        {
            gz.Write(data);
        }
        return output.ToArray();
    }
}
