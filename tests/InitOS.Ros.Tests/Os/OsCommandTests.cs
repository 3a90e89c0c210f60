using System.Security.Cryptography;
using System.Text;
using InitOS.Core.Control;
using InitOS.Core.Lifecycle;
using InitOS.Core.Ports;
using InitOS.Platform.Files;
using InitOS.Platform.Lifecycle;
using InitOS.Platform.Processes;
using InitOS.Ros.Os;

namespace InitOS.Ros.Tests.Os;

/// <summary>
/// <c>ros os</c> on a simulated installed system: a temp root with /proc/cmdline (initos.slot=A) and the boot
/// partition's files under /run/initos/boot, the real file effects, and OS images served from directories.
/// </summary>
public sealed class OsCommandTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("initos-os-").FullName;
    private readonly DirectoryImages _images = new();
    private int _reboots;
    private InitOS.Core.Control.IInitControl? _control;

    private string Boot(string relative) => Path.Join(_root, "run/initos/boot", relative);

    private void Installed(string version, string cmdline = "console=ttyS0 initos.slot=A")
    {
        Write("proc/cmdline", cmdline);
        WritePayload(Path.Join(_root, "run/initos/boot/A"), version);
        Directory.CreateDirectory(Boot("grub"));
        File.WriteAllBytes(Boot("grub/grubenv"), BootSlots.Initial(Slot.A).ToBlock());
        File.WriteAllText(Boot("grub/append"), "rancher.autologin=ttyS0\n");
    }

    private void Write(string relative, string content)
    {
        var path = Path.Join(_root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
    }

    /// <summary>A payload directory: kernel and initrd with distinct contents, and their manifest.</summary>
    private static void WritePayload(string dir, string version, bool damage = false)
    {
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Join(dir, "vmlinuz"), "kernel of " + version);
        File.WriteAllText(Path.Join(dir, "initrd"), "initrd of " + version);
        string Sha(string f) => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(Path.Join(dir, f))));
        File.WriteAllText(Path.Join(dir, "manifest"), $"version={version}\nkernel=6.12.0-test\nsha256:vmlinuz={Sha("vmlinuz")}\nsha256:initrd={Sha("initrd")}\n");
        if (damage)
        {
            File.AppendAllText(Path.Join(dir, "initrd"), "bit rot");
        }
    }

    private (int Code, string Out, string Err) Ros(string stdin, params string[] args)
    {
        var output = new StringWriter { NewLine = "\n" };
        var error = new StringWriter { NewLine = "\n" };
        var context = new RosContext(new RootedFileStore(_root), new RootedFileStore("/"), new StringReader(stdin), output, error,
            new Dictionary<string, string> { ["INITOS_INSTALL_WORKDIR"] = Path.Join(_root, "work") }, IsRoot: true)
        {
            Os = new OsHost(new LinuxDiskOps(new ProgramRunner()), _images, () => ++_reboots),
            Control = _control is { } control ? () => control : null,
        };
        var code = RosMain.Run(args, context);
        return (code, output.ToString(), error.ToString());
    }

    private GrubEnv Env() => GrubEnv.Parse(File.ReadAllBytes(Boot("grub/grubenv")));

    [Fact]
    public void Version_on_a_live_system_prints_only_the_version()
    {
        Write("proc/cmdline", "console=ttyS0");
        var (code, output, _) = Ros("", "os", "version");
        Assert.Equal(0, code);
        Assert.Equal(BuildInfo.Version + "\n", output);
    }

    [Fact]
    public void Upgrade_on_a_live_system_says_to_install_first()
    {
        Write("proc/cmdline", "console=ttyS0");
        _images.Add("initos/os:v9.9.9", "9.9.9");
        var (code, _, err) = Ros("", "os", "upgrade", "-i", "initos/os:v9.9.9", "-f", "--no-reboot");
        Assert.Equal(1, code);
        Assert.Contains("install it with 'ros install -d DEVICE' first", err);
    }

    [Fact]
    public void Upgrade_writes_the_inactive_slot_and_puts_it_on_trial_then_rollback_undoes_it()
    {
        Installed("0.1.0");
        _images.Add("initos/os:v9.9.9", "9.9.9");
        Write("var/lib/rancher/conf/cloud-config.yml", "rancher:\n  upgrade:\n    tries: 3\n");

        var (code, output, err) = Ros("", "os", "upgrade", "-i", "initos/os:v9.9.9", "-f", "--no-reboot");

        Assert.True(code == 0, err);
        Assert.Equal("kernel of 9.9.9", File.ReadAllText(Boot("B/vmlinuz")));
        Assert.StartsWith("version=9.9.9", File.ReadAllText(Boot("B/manifest")));
        Assert.Equal("kernel of 0.1.0", File.ReadAllText(Boot("A/vmlinuz")));
        var env = Env();
        Assert.Equal("A", env.Get("active"));
        Assert.Equal("B", env.Get("next"));
        Assert.Equal("3", env.Get("tries"));
        var cfg = File.ReadAllText(Boot("grub/grub.cfg"));
        Assert.Contains("linux /B/vmlinuz", cfg);
        Assert.Contains("rancher.autologin=ttyS0", cfg);
        Assert.Contains("v9.9.9", cfg);
        Assert.Contains("slot B, on trial", output);
        Assert.Equal(0, _reboots);
        Assert.False(Directory.Exists(Path.Join(_root, "work/payload")), "the fetched payload is discarded");

        var version = Ros("", "os", "version").Out;
        Assert.Contains("slot B: v9.9.9, boots next", version);

        (code, output, err) = Ros("", "os", "rollback", "-f");
        Assert.True(code == 0, err);
        env = Env();
        Assert.Equal("B", env.Get("active"));
        Assert.Equal("B", env.Get("next"));
        Assert.Null(env.Get("tries"));
        Assert.Contains("v9.9.9 (slot B) boots next", output);
    }

    [Fact]
    public void A_damaged_image_is_refused_before_anything_is_written()
    {
        Installed("0.1.0");
        _images.Add("initos/os:v9.9.9", "9.9.9", damage: true);
        var before = File.ReadAllBytes(Boot("grub/grubenv"));

        var (code, _, err) = Ros("", "os", "upgrade", "-i", "initos/os:v9.9.9", "-f", "--no-reboot");

        Assert.Equal(1, code);
        Assert.Contains("failed verification: initrd: sha256", err);
        Assert.False(File.Exists(Boot("B/manifest")));
        Assert.Equal(before, File.ReadAllBytes(Boot("grub/grubenv")));
    }

    [Fact]
    public void Upgrade_asks_and_a_no_writes_nothing()
    {
        Installed("0.1.0");
        _images.Add("initos/os:v9.9.9", "9.9.9");
        var (code, output, _) = Ros("n\n", "os", "upgrade", "-i", "initos/os:v9.9.9", "--no-reboot");
        Assert.Equal(1, code);
        Assert.Contains("Continue? [y/N]", output);
        Assert.Contains("nothing was written", output);
        Assert.False(File.Exists(Boot("B/manifest")));
        Assert.Equal("A", Env().Get("next"));
    }

    [Fact]
    public void The_running_version_is_not_written_again_without_force()
    {
        Installed("0.1.0");
        var running = BuildInfo.Version.TrimStart('v');
        _images.Add("initos/os:" + BuildInfo.Version, running);
        var (code, _, err) = Ros("", "os", "upgrade", "-i", "initos/os:" + BuildInfo.Version, "--no-reboot");
        Assert.Equal(1, code);
        Assert.Contains("the running version; -f writes it anyway", err);
    }

    [Fact]
    public void A_second_upgrade_during_a_trial_is_refused()
    {
        Installed("0.1.0", "console=ttyS0 initos.slot=B");
        WritePayload(Boot("B"), "9.9.9");
        File.WriteAllBytes(Boot("grub/grubenv"), BootSlots.StageUpgrade(BootSlots.Initial(Slot.A), Slot.A, 2).ToBlock());
        _images.Add("initos/os:v9.9.10", "9.9.10");
        var (code, _, err) = Ros("", "os", "upgrade", "-i", "initos/os:v9.9.10", "-f", "--no-reboot");
        Assert.Equal(1, code);
        Assert.Contains("trial", err);
        Assert.Equal(0, _images.Extractions);
    }

    [Fact]
    public void After_a_fallback_version_names_the_failed_upgrade_and_rollback_to_it_needs_force()
    {
        Installed("0.1.0");
        WritePayload(Boot("B"), "9.9.9");
        var env = BootSlots.StageUpgrade(BootSlots.Initial(Slot.A), Slot.A, 1);
        env = BootSlots.MarkTrialFailed(env, Slot.B, "not healthy within 600 s: the user engine does not answer");
        // what grub.cfg does when the tries are used up
        env = env.With("next", "A").With("failed", "B").With("rolled_back", "1").With("tries", "0");
        File.WriteAllBytes(Boot("grub/grubenv"), env.ToBlock());

        var output = Ros("", "os", "version").Out;
        Assert.Contains("upgrade to v9.9.9 (slot B) failed and was rolled back: not healthy within 600 s: the user engine does not answer", output);

        var (code, _, err) = Ros("", "os", "rollback");
        Assert.Equal(1, code);
        Assert.Contains("failed its trial boot", err);
    }

    [Fact]
    public void Rollback_with_an_empty_other_slot_is_refused()
    {
        Installed("0.1.0");
        var (code, _, err) = Ros("", "os", "rollback", "-f");
        Assert.Equal(1, code);
        Assert.Contains("slot B is empty", err);
    }

    [Fact]
    public void List_marks_the_running_installed_and_current_images()
    {
        Installed("0.1.0");
        WritePayload(Boot("B"), "9.9.9");
        Write("srv/releases.yml", $"current: initos/os:v9.9.10\navailable:\n- initos/os:{BuildInfo.Version}\n- initos/os:v9.9.9\n- initos/os:v9.9.10\n");
        Write("var/lib/rancher/conf/cloud-config.yml", $"rancher:\n  upgrade:\n    url: {Path.Join(_root, "srv/releases.yml")}\n");
        var (code, output, err) = Ros("", "os", "list");
        Assert.True(code == 0, err);
        Assert.Equal($"initos/os:{BuildInfo.Version} running\ninitos/os:v9.9.9 installed (slot B)\ninitos/os:v9.9.10 current\n", output);
    }

    [Fact]
    public void List_without_an_index_says_which_key_to_set()
    {
        Installed("0.1.0");
        var (code, _, err) = Ros("", "os", "list");
        Assert.Equal(1, code);
        Assert.Contains("set rancher.upgrade.url", err);
    }

    [Fact]
    public void Install_refuses_a_bad_type_and_bad_kernel_arguments_before_touching_anything()
    {
        var (code, _, err) = Ros("", "install", "-d", "/dev/nonexistent", "-t", "amazon-ebs", "-f");
        Assert.Equal(1, code);
        Assert.Contains("type 'amazon-ebs' is not supported", err);
        (code, _, err) = Ros("", "install", "-d", "/dev/nonexistent", "-a", "a;b", "-f");
        Assert.Equal(1, code);
        Assert.Contains("-a:", err);
    }

    [Fact]
    public void Upgrade_with_force_runs_as_the_init_s_transaction_prints_its_lines_and_reboots_after()
    {
        Installed("0.1.0");
        var init = new FakeInitControl(Service.InitServices.Sample) { TransactionScript = _ => (["Pulling initos/os:v9.9.9", "      layer 1", "v9.9.9 boots next from slot B, on trial"], JobOutcome.Done()) };
        _control = init;

        var (code, output, err) = Ros("", "os", "upgrade", "-i", "initos/os:v9.9.9", "-f");

        Assert.Equal(1, code); // the reboot's exit status, which this fake counts
        Assert.Equal("Pulling initos/os:v9.9.9\n      layer 1\nv9.9.9 boots next from slot B, on trial\nRebooting\n", output);
        Assert.Equal("", err);
        Assert.Equal([new OsTransaction("upgrade", "initos/os:v9.9.9", Force: true, Stage: false, Append: null)], init.Transactions);
        Assert.Equal(1, _reboots);
    }

    [Fact]
    public void Upgrade_through_the_init_asks_first_and_a_no_starts_nothing()
    {
        Installed("0.1.0");
        var init = new FakeInitControl(Service.InitServices.Sample);
        _control = init;

        var (code, output, _) = Ros("n\n", "os", "upgrade", "-i", "initos/os:v9.9.9");
        Assert.Equal(1, code);
        Assert.Contains("Upgrade to initos/os:v9.9.9", output);
        Assert.Contains("nothing was written", output);
        Assert.Empty(init.Transactions);

        (code, output, _) = Ros("y\nn\n", "os", "upgrade", "-i", "initos/os:v9.9.9");
        Assert.Equal(0, code);
        Assert.Contains("Pulling initos/os:v9.9.9\ndone\nReboot now? [y/N] ", output);
        Assert.Equal(new OsTransaction("upgrade", "initos/os:v9.9.9", Force: false, Stage: false, Append: null), Assert.Single(init.Transactions));
        Assert.Equal(0, _reboots);
    }

    [Fact]
    public void A_failed_transaction_exits_1_with_the_init_s_message_and_no_reboot()
    {
        Installed("0.1.0");
        _control = new FakeInitControl(Service.InitServices.Sample) { TransactionScript = _ => (["Pulling x"], JobOutcome.Failed("os upgrade: initos/os:bad failed verification")) };
        var (code, output, err) = Ros("", "os", "upgrade", "-i", "initos/os:bad", "-f");
        Assert.Equal(1, code);
        Assert.Equal("Pulling x\n", output);
        Assert.Equal("ros: os upgrade: initos/os:bad failed verification\n", err);
        Assert.Equal(0, _reboots);
    }

    [Fact]
    public void Upgrade_through_the_init_on_a_live_system_says_to_install_first_before_asking()
    {
        Write("proc/cmdline", "console=ttyS0");
        var init = new FakeInitControl(Service.InitServices.Sample);
        _control = init;
        var (code, output, err) = Ros("y\n", "os", "upgrade", "-i", "initos/os:v9.9.9");
        Assert.Equal(1, code);
        Assert.Equal("", output);
        Assert.Contains("install it with 'ros install -d DEVICE' first", err);
        Assert.Empty(init.Transactions);
    }

    [Fact]
    public void Stage_and_rollback_through_the_init_do_not_reboot()
    {
        var init = new FakeInitControl(Service.InitServices.Sample);
        _control = init;
        var (code, _, err) = Ros("", "os", "upgrade", "-i", "initos/os:v9.9.9", "--stage");
        Assert.True(code == 0, err);
        (code, var output, err) = Ros("", "os", "rollback", "-f");
        Assert.True(code == 0, err);
        Assert.Equal("done\n", output);
        Assert.Equal(
            [new OsTransaction("upgrade", "initos/os:v9.9.9", false, Stage: true, null), new OsTransaction("rollback", null, Force: true, false, null)],
            init.Transactions);
        Assert.Equal(0, _reboots);
    }

    [Fact]
    public void Rollback_through_the_init_checks_and_asks_here_first()
    {
        Installed("0.1.0");
        var init = new FakeInitControl(Service.InitServices.Sample);
        _control = init;
        var (code, _, err) = Ros("y\n", "os", "rollback");
        Assert.Equal(1, code);
        Assert.Contains("slot B is empty", err);
        Assert.Empty(init.Transactions);
    }

    [Fact]
    public void An_unreachable_init_falls_back_to_running_in_this_process()
    {
        Installed("0.1.0");
        _images.Add("initos/os:v9.9.9", "9.9.9");
        var init = new FakeInitControl(Service.InitServices.Sample) { Unreachable = "no such socket" };
        _control = init;

        var (code, output, err) = Ros("", "os", "upgrade", "-i", "initos/os:v9.9.9", "-f", "--no-reboot");

        Assert.True(code == 0, err);
        Assert.Equal("ros: os upgrade: the init does not answer (cannot reach the init at /run/initos/control.sock: no such socket); running it in this process\n", err);
        Assert.Equal("kernel of 9.9.9", File.ReadAllText(Boot("B/vmlinuz")));
        Assert.Contains("slot B, on trial", output);
        Assert.Empty(init.Transactions);
    }

    [Fact]
    public async Task The_init_s_side_writes_the_slot_without_asking_or_rebooting_and_reports_each_line()
    {
        Installed("0.1.0");
        _images.Add("initos/os:v9.9.9", "9.9.9");
        var lines = new List<string>();
        var progress = new ProgressWriter(lines.Add);
        var context = new RosContext(new RootedFileStore(_root), new RootedFileStore("/"), TextReader.Null, progress, progress,
            new Dictionary<string, string> { ["INITOS_INSTALL_WORKDIR"] = Path.Join(_root, "work") }, IsRoot: true)
        {
            Os = new OsHost(new LinuxDiskOps(new ProgramRunner()), _images, () => throw new InvalidOperationException("no reboot in the init")),
        };

        var outcome = await OsActions.RunTransactionHereAsync(context, new OsTransaction("upgrade", "initos/os:v9.9.9", false, false, null), CancellationToken.None);

        Assert.Equal(JobOutcome.Done(), outcome);
        Assert.Equal("kernel of 9.9.9", File.ReadAllText(Boot("B/vmlinuz")));
        Assert.Equal("B", Env().Get("next"));
        Assert.Contains(lines, l => l.StartsWith("Upgrade from ", StringComparison.Ordinal) && l.Contains("(slot B", StringComparison.Ordinal));
        Assert.Equal("v9.9.9 boots next from slot B, on trial; 'ros os rollback' undoes it before the reboot", lines[^1]);
        Assert.DoesNotContain(lines, l => l.Contains("[y/N]", StringComparison.Ordinal));
        Assert.Equal(0, _reboots);

        _images.Add("initos/os:bad", "9.9.10", damage: true);
        outcome = await OsActions.RunTransactionHereAsync(context, new OsTransaction("upgrade", "initos/os:bad", false, false, null), CancellationToken.None);
        Assert.Equal("failed", outcome.Result);
        Assert.Contains("failed verification: initrd: sha256", outcome.Message);

        lines.Clear();
        outcome = await OsActions.RunTransactionHereAsync(context, new OsTransaction("rollback", null, Force: false, false, null), CancellationToken.None);
        Assert.Equal(JobOutcome.Done(), outcome);
        Assert.Equal(["v9.9.9 (slot B) boots next; reboot to start it"], lines);
        Assert.Equal("B", Env().Get("active"));
    }

    [Fact]
    public void The_progress_writer_hands_over_whole_lines()
    {
        var lines = new List<string>();
        var w = new ProgressWriter(lines.Add);
        w.Write("a");
        w.Write("b\r\nc\n\nd");
        w.WriteLine(" e");
        w.Write("tail");
        Assert.Equal(["ab", "c", "", "d e"], lines);
        w.Flush();
        Assert.Equal(["ab", "c", "", "d e", "tail"], lines);
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    /// <summary>OS images served from payload directories (the engine's part is tested against a real dockerd elsewhere).</summary>
    private sealed class DirectoryImages : IOsImages
    {
        private readonly Dictionary<string, string> _dirs = new(StringComparer.Ordinal);
        private readonly string _store = Directory.CreateTempSubdirectory("initos-images-").FullName;

        public int Extractions { get; private set; }

        public void Add(string image, string version, bool damage = false)
        {
            var dir = Path.Join(_store, _dirs.Count.ToString(System.Globalization.CultureInfo.InvariantCulture));
            WritePayload(dir, version, damage);
            _dirs[image] = dir;
        }

        public Task<bool> HasAsync(string image, CancellationToken cancellationToken) => Task.FromResult(_dirs.ContainsKey(image));

        public Task PullAsync(string image, Action<string> progress, CancellationToken cancellationToken) =>
            throw new IOException($"pulling '{image}' from the default registry (docker.io) failed: no such image");

        public Task ExtractDistAsync(string image, string targetDirectory, CancellationToken cancellationToken)
        {
            Extractions++;
            Directory.CreateDirectory(targetDirectory);
            foreach (var file in Directory.GetFiles(_dirs[image]))
            {
                File.Copy(file, Path.Join(targetDirectory, Path.GetFileName(file)));
            }
            return Task.CompletedTask;
        }
    }
}
