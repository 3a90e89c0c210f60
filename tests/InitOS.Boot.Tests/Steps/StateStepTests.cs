using System.Text;
using InitOS.Boot.Logging;
using InitOS.Boot.State;
using InitOS.Boot.Steps;
using InitOS.Core.Boot;

namespace InitOS.Boot.Tests.Steps;

/// <summary>mount-state and bind-persistent as types over fakes, and the unmount list they share with mount-boot.</summary>
public class StateStepTests
{
    private readonly FakeSyscalls _sys = new();
    private readonly FakeBlockDevices _blocks = new();
    private readonly FakeProgramRunner _programs = new();
    private readonly RingLog _ring = new();

    private (BootContext Boot, StatePartition Partition) Make(bool containerMode = false)
    {
        var ports = new InitPorts(_sys, new FakeKernelInfo(), new MemoryFileStore(), _blocks, _programs, null!, null!, null!, null!, () => null);
        var options = new InitOptions("v1", ContainerMode: containerMode);
        var log = new BootLogger(() => 0, _ring);
        return (new BootContext(ports, log, options, new Shutdown(ports, log, options)), new StatePartition(ports, log, new FakeClock()));
    }

    private static StateSettings Settings(string? directory = null) =>
        new(new DeviceSpec("label", StateSettings.Label), "auto", Wait: false, Required: false, Autoformat: [], Directory: directory);

    private static byte[] Ext4(string label)
    {
        var disk = new byte[DiskSignatures.ProbeLength];
        disk[1024 + 0x38] = 0x53;
        disk[1024 + 0x39] = 0xEF;
        disk[1024 + 0x60] = 0x40;
        Encoding.ASCII.GetBytes(label).CopyTo(disk, 1024 + 0x78);
        return disk;
    }

    [Fact]
    public async Task The_state_partition_is_checked_mounted_and_bound_and_the_shutdown_knows_each_mount()
    {
        _blocks.Devices["/dev/vdb"] = Ext4(StateSettings.Label);
        var (boot, partition) = Make();

        Assert.Equal(StepResult.Ok, await new MountStatePartition(boot, partition, () => Settings()).RunAsync(CancellationToken.None));
        Assert.Equal(StepResult.Ok, await new BindPersistentDirectories(boot, partition, () => Settings()).RunAsync(CancellationToken.None));

        Assert.Equal(["e2fsck -p /dev/vdb"], _programs.Calls);
        Assert.Contains("mount ext4 on '/state'", _sys.Calls);
        Assert.Equal(["/state", .. PersistencePlan.Directories], boot.Shutdown.Unmounts.Snapshot());
    }

    [Fact]
    public async Task Without_the_partition_nothing_is_left_to_unmount()
    {
        var (boot, partition) = Make();

        Assert.Equal(StepResult.Degraded, await new MountStatePartition(boot, partition, () => Settings()).RunAsync(CancellationToken.None));
        Assert.Equal(StepResult.Ok, await new BindPersistentDirectories(boot, partition, () => Settings()).RunAsync(CancellationToken.None));

        Assert.Equal(0, boot.Shutdown.Unmounts.Count);
        Assert.Contains(_ring.Snapshot(), r => r.Text == "No state partition, nothing persists across reboots");
    }

    [Fact]
    public async Task The_settings_are_read_when_the_step_runs()
    {
        _blocks.Devices["/dev/vdb"] = Ext4(StateSettings.Label);
        var (boot, partition) = Make();
        var settings = Settings();
        var bind = new BindPersistentDirectories(boot, partition, () => settings);
        await new MountStatePartition(boot, partition, () => settings).RunAsync(CancellationToken.None);
        settings = Settings(directory: "os");

        await bind.RunAsync(CancellationToken.None);

        Assert.Contains("mount /state/os/home on '/home' bind from '/state/os/home'", _sys.Calls);
    }

    [Fact]
    public async Task In_container_mode_there_is_no_state_partition()
    {
        var (boot, partition) = Make(containerMode: true);
        Assert.Equal(StepResult.Ok, await new MountStatePartition(boot, partition, () => throw new InvalidOperationException("not read")).RunAsync(CancellationToken.None));
        Assert.Empty(_sys.Calls);
        Assert.Contains(_ring.Snapshot(), r => r.Text == "Container mode: no state partition");
    }

    [Fact]
    public async Task Steps_adding_at_the_same_time_lose_nothing_and_a_range_stays_together()
    {
        var list = new UnmountList();
        using var start = new Barrier(2);
        var ranges = Task.Run(() =>
        {
            start.SignalAndWait();
            for (var i = 0; i < 500; i++)
            {
                list.AddRange([$"r{i}a", $"r{i}b", $"r{i}c"]);
            }
        });
        var singles = Task.Run(() =>
        {
            start.SignalAndWait();
            for (var i = 0; i < 1500; i++)
            {
                list.Add($"s{i}");
            }
        });
        await Task.WhenAll(ranges, singles).WaitAsync(HangGuard.Limit);

        var all = list.Snapshot();
        Assert.Equal(3000, all.Count);
        Assert.Equal(Enumerable.Range(0, 1500).Select(i => $"s{i}"), all.Where(t => t.StartsWith('s')));
        for (var i = 0; i < 500; i++)
        {
            var at = IndexOf(all, $"r{i}a");
            Assert.Equal([$"r{i}a", $"r{i}b", $"r{i}c"], all.Skip(at).Take(3));
        }
        list.Insert(0, "/usr/lib/initos/system");
        Assert.Equal("/usr/lib/initos/system", list.Snapshot()[0]);
    }

    private static int IndexOf(IReadOnlyList<string> list, string item)
    {
        for (var i = 0; i < list.Count; i++)
        {
            if (list[i] == item)
            {
                return i;
            }
        }
        return -1;
    }
}
