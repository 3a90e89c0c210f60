using InitOS.Boot;
using InitOS.Boot.Logging;
using InitOS.Boot.State;
using InitOS.Core.Boot;
using InitOS.Platform.Block;
using InitOS.Platform.Docker;
using InitOS.Platform.Files;
using InitOS.Platform.Linux;
using InitOS.Platform.Logging;
using InitOS.Platform.Processes;
using InitOS.Platform.Signals;

namespace InitOS.Platform.IntegrationTests;

/// <summary>
/// The state step against real loop devices and the real mkfs.ext4; mount(2) calls are recorded, not
/// performed, so the host's mount table is never touched.
/// </summary>
public sealed class StatePartitionTests : IAsyncLifetime
{
    private readonly string _dir = Path.Join("/tmp", "initos-state-" + Guid.NewGuid().ToString("N")[..8]);
    private readonly List<string> _loops = [];
    private readonly FakeSyscalls _sys = new() { RebootResult = new(1, "EPERM"), KillResult = new(1, "EPERM") };
    private readonly RingLog _ring = new();

    public Task InitializeAsync()
    {
        Directory.CreateDirectory(_dir);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        foreach (var loop in _loops)
        {
            await new ProgramRunner().RunAsync("losetup", ["-d", loop], TimeSpan.FromSeconds(30), CancellationToken.None);
        }
        Directory.Delete(_dir, recursive: true);
    }

    private async Task<string> LoopAsync(string name)
    {
        Assert.True(Prerequisites.MissingRoot() == null, "needs root under CI");
        var image = Path.Join(_dir, name + ".img");
        await using (var f = File.Create(image))
        {
            f.SetLength(64L << 20);
        }
        var loop = (await DockerdFixture.RunAsync(Prerequisites.Which("losetup") ?? "losetup", ["-f", "--show", image])).Trim();
        _loops.Add(loop);
        return loop;
    }

    private StatePartition Partition()
    {
        var log = new BootLogger(() => Environment.TickCount64, _ring);
        var ports = new InitPorts(_sys, new ProcFs(), new RootedFileStore(_dir), new SysfsBlockDevices(includeLoop: true), new ProgramRunner(),
            new ProcessEngineRunner(), e => new DockerEngine(e), new PosixSignalSource(), new ConsoleLog(new MemoryStream()), () => null);
        return new StatePartition(ports, log, TimeProvider.System);
    }

    [RequiresRootFact]
    public async Task Blank_listed_device_is_formatted_then_mounted_and_persistence_bound()
    {
        var loop = await LoopAsync("blank");
        var settings = StateSettings.FromConfig(new Dictionary<string, object?> { ["dev"] = loop, ["autoformat"] = new List<object?> { loop } });
        var partition = Partition();
        Assert.Equal(StepResult.Ok, await partition.MountAsync(settings, CancellationToken.None));
        Assert.Equal(loop, partition.Device);
        var head = new SysfsBlockDevices().ReadHead(loop, DiskSignatures.ProbeLength)!;
        Assert.Equal(new DiskSignature("filesystem", "ext4", StateSettings.Label), Assert.Single(DiskSignatures.Detect(head)));
        Assert.Contains($"mount ext4 on '/state'", _sys.Calls);
        Assert.Contains(_ring.Snapshot(), r => r.Text == $"Formatting blank device '{loop}' as the state partition (first and last MiB all zeros)");
        Assert.Equal(StepResult.Ok, partition.BindPersistent(settings));
        Assert.Contains("mount /state/var/lib/user-docker on '/var/lib/user-docker' bind from '/state/var/lib/user-docker'", _sys.Calls);
    }

    [RequiresRootFact]
    public async Task Device_with_a_filesystem_is_refused_naming_it_and_boot_runs_from_memory()
    {
        var loop = await LoopAsync("used");
        await DockerdFixture.RunAsync(Prerequisites.Which("mkfs.ext4") ?? "mkfs.ext4", ["-q", "-F", "-L", "USERDATA", loop]);
        var before = new SysfsBlockDevices().ReadHead(loop, DiskSignatures.ProbeLength)!;
        var label = "IT" + Guid.NewGuid().ToString("N")[..8];
        var settings = StateSettings.FromConfig(new Dictionary<string, object?> { ["dev"] = "LABEL=" + label, ["autoformat"] = new List<object?> { loop } });
        var partition = Partition();
        Assert.Equal(StepResult.Degraded, await partition.MountAsync(settings, CancellationToken.None));
        Assert.Null(partition.Device);
        Assert.Contains(_ring.Snapshot(), r => r.Text == $"Refusing to autoformat '{loop}': it has an ext4 filesystem labelled 'USERDATA', not provably blank, leaving it untouched");
        Assert.Contains(_ring.Snapshot(), r => r.Text == $"State device 'LABEL={label}' not found, running from memory");
        Assert.Contains("mount tmpfs on '/var/lib/system-docker' mode=0711", _sys.Calls);
        Assert.Equal(before, new SysfsBlockDevices().ReadHead(loop, DiskSignatures.ProbeLength));
    }

    [RequiresRootFact]
    public async Task Issue_12_data_without_a_signature_is_refused_with_its_offset_and_left_intact()
    {
        // 64 MiB, 4 MiB of data from 512 KiB on (inside the first MiB, past the 68 KiB signature probe).
        var loop = await LoopAsync("data");
        var data = new byte[4 << 20];
        Array.Fill(data, (byte)0x5A);
        await using (var dev = new FileStream(loop, FileMode.Open, FileAccess.Write))
        {
            dev.Seek(512 * 1024, SeekOrigin.Begin);
            await dev.WriteAsync(data);
        }
        Assert.Equal(64L << 20, new SysfsBlockDevices().Size(loop));
        var settings = StateSettings.FromConfig(new Dictionary<string, object?> { ["dev"] = loop, ["autoformat"] = new List<object?> { loop } });
        var partition = Partition();
        Assert.Equal(StepResult.Degraded, await partition.MountAsync(settings, CancellationToken.None));
        Assert.Null(partition.Device);
        Assert.Contains(_ring.Snapshot(), r => r.Text == $"Refusing to autoformat '{loop}': it has non-zero data at byte offset 524288, not provably blank, leaving it untouched");
        Assert.DoesNotContain(_sys.Calls, c => c.Contains("'/state'", StringComparison.Ordinal));
        Assert.Equal(data, new SysfsBlockDevices().Read(loop, 512 * 1024, data.Length));
    }

    [RequiresRootFact]
    public async Task Data_in_the_last_mib_only_is_refused()
    {
        var loop = await LoopAsync("tail");
        await using (var dev = new FileStream(loop, FileMode.Open, FileAccess.Write))
        {
            dev.Seek((64L << 20) - 4096, SeekOrigin.Begin);
            await dev.WriteAsync(new byte[] { 1, 2, 3 });
        }
        var settings = StateSettings.FromConfig(new Dictionary<string, object?> { ["dev"] = loop, ["autoformat"] = new List<object?> { loop } });
        Assert.Equal(StepResult.Degraded, await Partition().MountAsync(settings, CancellationToken.None));
        Assert.Contains(_ring.Snapshot(), r => r.Text.Contains($"non-zero data at byte offset {(64L << 20) - 4096}", StringComparison.Ordinal));
    }

    [RequiresRootFact]
    public async Task Clean_and_repairable_state_filesystems_are_checked_then_mounted()
    {
        var loop = await LoopAsync("fsck-ok");
        await DockerdFixture.RunAsync(Prerequisites.Which("mkfs.ext4") ?? "mkfs.ext4", ["-q", "-F", "-L", "FSCKOK", loop]);
        var settings = StateSettings.FromConfig(new Dictionary<string, object?> { ["dev"] = loop });
        Assert.Equal(StepResult.Ok, await Partition().MountAsync(settings, CancellationToken.None));
        Assert.Contains(_ring.Snapshot(), r => r.Text == $"Checked the state filesystem on '{loop}': clean");
        Assert.Contains("mount ext4 on '/state'", _sys.Calls);

        // Not cleanly unmounted (a power cut): the check is forced, fixes what it finds (status 1), mounts.
        await DockerdFixture.RunAsync(Prerequisites.Which("debugfs") ?? "debugfs", ["-w", "-R", "ssv free_blocks_count 10", loop]);
        await DockerdFixture.RunAsync(Prerequisites.Which("debugfs") ?? "debugfs", ["-w", "-R", "ssv state 0", loop]);
        _sys.Calls.Clear();
        Assert.Equal(StepResult.Ok, await Partition().MountAsync(settings, CancellationToken.None));
        Assert.Contains(_ring.Snapshot(), r => r.Text.StartsWith($"Checked the state filesystem on '{loop}': errors corrected", StringComparison.Ordinal));
        Assert.Contains("mount ext4 on '/state'", _sys.Calls);
    }

    [RequiresRootFact]
    public async Task Filesystem_with_errors_left_is_neither_mounted_nor_formatted()
    {
        var loop = await LoopAsync("fsck-bad");
        await DockerdFixture.RunAsync(Prerequisites.Which("mkfs.ext4") ?? "mkfs.ext4", ["-q", "-F", "-L", "FSCKBAD", loop]);
        await DockerdFixture.RunAsync(Prerequisites.Which("debugfs") ?? "debugfs", ["-w", "-R", "clri <2>", loop]);
        await DockerdFixture.RunAsync(Prerequisites.Which("debugfs") ?? "debugfs", ["-w", "-R", "ssv state 0", loop]);
        var settings = StateSettings.FromConfig(new Dictionary<string, object?> { ["dev"] = loop, ["autoformat"] = new List<object?> { loop } });
        var partition = Partition();
        Assert.Equal(StepResult.Degraded, await partition.MountAsync(settings, CancellationToken.None));
        Assert.Null(partition.Device);
        Assert.Contains(_ring.Snapshot(), r => r.Level == Core.Boot.SyslogLevel.Critical
            && r.Text.StartsWith($"Check of the state filesystem on '{loop}' left errors (e2fsck status 4: errors left uncorrected)", StringComparison.Ordinal));
        Assert.DoesNotContain(_sys.Calls, c => c.Contains("'/state'", StringComparison.Ordinal));
        Assert.Contains("mount tmpfs on '/var/lib/system-docker' mode=0711", _sys.Calls);
        var head = new SysfsBlockDevices().ReadHead(loop, DiskSignatures.ProbeLength)!;
        Assert.Equal("FSCKBAD", DiskSignatures.Label(head));

        var required = StateSettings.FromConfig(new Dictionary<string, object?> { ["dev"] = loop, ["required"] = true });
        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => Partition().MountAsync(required, CancellationToken.None));
        Assert.Contains("not mounted after its check and rancher.state.required is set", e.Message);
    }

    [RequiresRootFact]
    public async Task Existing_state_filesystem_is_found_by_label()
    {
        var loop = await LoopAsync("labelled");
        var label = "IT" + Guid.NewGuid().ToString("N")[..8];
        await DockerdFixture.RunAsync(Prerequisites.Which("mkfs.ext4") ?? "mkfs.ext4", ["-q", "-F", "-L", label, loop]);
        var partition = Partition();
        var found = await partition.ResolveAsync(new DeviceSpec("label", label), TimeSpan.Zero, CancellationToken.None);
        Assert.Equal(loop, found);
    }
}
