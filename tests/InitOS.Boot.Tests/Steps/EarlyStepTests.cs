using InitOS.Boot.Logging;
using InitOS.Boot.Steps;
using InitOS.Core.Boot;
using InitOS.Core.Ports;

namespace InitOS.Boot.Tests.Steps;

/// <summary>The early phase's step types over fakes: the calls they make and what they leave for the shutdown.</summary>
public class EarlyStepTests
{
    private readonly FakeSyscalls _sys = new();
    private readonly FakeKernelInfo _kernel = new();
    private readonly MemoryFileStore _files = new();
    private readonly FakeProgramRunner _programs = new();
    private readonly RingLog _ring = new();
    private readonly FakeBlockDevices _blocks = new();
    private readonly FakeClock _clock = new() { SkipWaits = true };
    private IBootLog? _kmsg;

    private BootContext Boot(bool containerMode = false)
    {
        var ports = new InitPorts(_sys, _kernel, _files, _blocks, _programs, null!, null!, null!, null!, () => _kmsg);
        var options = new InitOptions("v1", ContainerMode: containerMode);
        var log = new BootLogger(() => 0, _ring);
        return new BootContext(ports, log, options, new Shutdown(ports, log, options));
    }

    private MountSystemImage MountSystem(BootContext boot) => new(boot, new InitOS.Boot.State.StatePartition(boot.Ports, boot.Log, _clock));

    private List<string> Texts() => _ring.Snapshot().Select(r => r.Text).ToList();

    [Fact]
    public async Task Mount_system_loop_mounts_the_squashfs_and_leaves_it_to_be_unmounted_last()
    {
        _files.WriteAtomic(BootModules.SystemImage, "sqsh", UnixFileMode.UserRead, UnixFileMode.UserExecute);
        var boot = Boot();
        boot.Shutdown.Unmounts.Add("/state");

        Assert.Equal(StepResult.Ok, await MountSystem(boot).RunAsync(CancellationToken.None));

        Assert.Equal([$"mount -t squashfs -o loop,ro {BootModules.SystemImage} {BootModules.SystemMount}"], _programs.Calls);
        Assert.Equal([BootModules.SystemMount, "/state"], boot.Shutdown.Unmounts.Snapshot());
    }

    [Fact]
    public async Task Mount_system_without_an_image_or_already_mounted_does_nothing()
    {
        var boot = Boot();
        Assert.Equal(StepResult.Ok, await MountSystem(boot).RunAsync(CancellationToken.None));
        Assert.Contains($"No system image at '{BootModules.SystemImage}', using the engine on the root filesystem", Texts());

        _files.WriteAtomic(BootModules.SystemImage, "sqsh", UnixFileMode.UserRead, UnixFileMode.UserExecute);
        _kernel.Mounts = $"/dev/loop0 {BootModules.SystemMount} squashfs ro 0 0\n";
        Assert.Equal(StepResult.Ok, await MountSystem(boot).RunAsync(CancellationToken.None));

        Assert.Empty(_programs.Calls);
        Assert.Equal(0, boot.Shutdown.Unmounts.Count);
    }

    [Fact]
    public async Task Mount_system_that_fails_throws_with_the_output()
    {
        _files.WriteAtomic(BootModules.SystemImage, "sqsh", UnixFileMode.UserRead, UnixFileMode.UserExecute);
        _programs.Results["mount"] = (32, "mount: /usr/lib/initos/system: wrong fs type\n");
        var boot = Boot();

        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => MountSystem(boot).RunAsync(CancellationToken.None));

        Assert.Equal($"Failed to mount '{BootModules.SystemImage}' on '{BootModules.SystemMount}': mount: /usr/lib/initos/system: wrong fs type", e.Message);
        Assert.Equal(0, boot.Shutdown.Unmounts.Count);
    }

    private const string Medium = SystemImageLocation.MediumMount;

    /// <summary>The ISO's live initrd: no squashfs, a location; a CD-ROM labelled RancherOS holding the full initrd.</summary>
    private BootContext LiveIso(string id = "abc", int initrdSize = 100)
    {
        _files.WriteAtomic(SystemImageLocation.Path, "label=RancherOS\nfile=/boot/initrd\nfile_size=100\noffset=40\nid=abc\n", UnixFileMode.UserRead, UnixFileMode.UserExecute);
        _files.WriteAtomic(Medium + "/boot/initrd", new string('x', initrdSize), UnixFileMode.UserRead, UnixFileMode.UserExecute);
        _files.WriteAtomic(BootModules.SystemMount + "/id", id + "\n", UnixFileMode.UserRead, UnixFileMode.UserExecute);
        var iso = new byte[DiskSignatures.ProbeLength];
        "CD001"u8.CopyTo(iso.AsSpan(32769));
        System.Text.Encoding.ASCII.GetBytes("RancherOS".PadRight(32)).CopyTo(iso.AsSpan(32768 + 40));
        _blocks.Devices["/dev/sr0"] = iso;
        _blocks.Devices["/dev/vda"] = new byte[DiskSignatures.ProbeLength];
        var boot = Boot();
        boot.Shutdown.Unmounts.Add("/state");
        return boot;
    }

    [Fact]
    public async Task Issue_10_a_live_initrd_mounts_the_squashfs_from_the_medium_at_its_offset()
    {
        var boot = LiveIso();

        Assert.Equal(StepResult.Ok, await MountSystem(boot).RunAsync(CancellationToken.None));

        Assert.Contains($"mount iso9660 on '{Medium}' ro", _sys.Calls);
        Assert.Equal([$"mount -t squashfs -o loop,ro,offset=40 {Medium}/boot/initrd {BootModules.SystemMount}"], _programs.Calls);
        // the squashfs is unmounted before the medium under it, both after everything else
        Assert.Equal([Medium, BootModules.SystemMount, "/state"], boot.Shutdown.Unmounts.Snapshot());
        Assert.Contains(Texts(), t => t.StartsWith("Mounted the system image from /dev/sr0 ('RancherOS'/boot/initrd at offset 40)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Issue_10_an_initrd_that_carries_its_squashfs_uses_it_even_beside_a_location()
    {
        var boot = LiveIso();
        _files.WriteAtomic(BootModules.SystemImage, "sqsh", UnixFileMode.UserRead, UnixFileMode.UserExecute);

        Assert.Equal(StepResult.Ok, await MountSystem(boot).RunAsync(CancellationToken.None));

        Assert.Equal([$"mount -t squashfs -o loop,ro {BootModules.SystemImage} {BootModules.SystemMount}"], _programs.Calls);
        Assert.DoesNotContain(_sys.Calls, c => c.Contains(Medium, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Container_mode_mounts_no_system_image_even_when_there_is_one()
    {
        var boot = Boot(containerMode: true);
        _files.WriteAtomic(BootModules.SystemImage, "sqsh", UnixFileMode.UserRead, UnixFileMode.UserExecute);

        Assert.Equal(StepResult.Ok, await MountSystem(boot).RunAsync(CancellationToken.None));

        Assert.Empty(_programs.Calls);
        Assert.Contains("Container mode: using the engine on the root filesystem", Texts());
    }

    [Fact]
    public async Task Issue_10_another_versions_medium_is_refused_and_unmounted()
    {
        var boot = LiveIso(id: "other");

        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => MountSystem(boot).RunAsync(CancellationToken.None));

        Assert.Equal("the system image on /dev/sr0 is 'other', not 'abc', the one this initrd was built with", e.Message);
        Assert.Contains($"umount '{BootModules.SystemMount}' detach", _sys.Calls);
        Assert.Contains($"umount '{Medium}' detach", _sys.Calls);
        Assert.Equal(["/state"], boot.Shutdown.Unmounts.Snapshot());
    }

    [Fact]
    public async Task Issue_10_an_initrd_of_another_size_on_the_medium_is_refused_before_anything_is_mounted_from_it()
    {
        var boot = LiveIso(initrdSize: 99);

        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => MountSystem(boot).RunAsync(CancellationToken.None));

        Assert.Equal("'/boot/initrd' on /dev/sr0 is 99 bytes, not the 100 this boot came from", e.Message);
        Assert.Empty(_programs.Calls);
    }

    [Fact]
    public async Task Issue_10_without_the_medium_the_step_fails_after_a_bounded_wait()
    {
        var boot = LiveIso();
        _blocks.Devices.Remove("/dev/sr0");

        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => MountSystem(boot).RunAsync(CancellationToken.None));

        Assert.Equal("no medium labelled 'RancherOS' within 30 s: this boot reads the system image from the medium it booted from", e.Message);
        Assert.Contains(TimeSpan.FromMilliseconds(200), _clock.Waits);
    }

    [Fact]
    public async Task Read_cmdline_logs_it_with_secrets_masked()
    {
        _kernel.Cmdline = "console=ttyS0 rancher.password=hunter2 quiet";
        Assert.Equal(StepResult.Ok, await new ReadKernelCmdline(Boot()).RunAsync(CancellationToken.None));
        var line = Assert.Single(Texts(), t => t.StartsWith("Kernel command line: ", StringComparison.Ordinal));
        Assert.DoesNotContain("hunter2", line);
        Assert.Contains("console=ttyS0", line);
    }

    [Fact]
    public async Task Open_kmsg_adds_the_kernel_log_as_a_sink_and_fails_without_one()
    {
        var boot = Boot();
        await Assert.ThrowsAsync<IOException>(() => new OpenKernelLog(boot).RunAsync(CancellationToken.None));

        var kmsg = new RingLog();
        _kmsg = kmsg;
        Assert.Equal(StepResult.Ok, await new OpenKernelLog(boot).RunAsync(CancellationToken.None));
        boot.Log.Info("after");
        Assert.Contains(kmsg.Snapshot(), r => r.Text == "after");
    }

    [Fact]
    public async Task In_container_mode_the_early_steps_touch_nothing_of_the_host()
    {
        var boot = Boot(containerMode: true);
        _kmsg = new RingLog();
        Assert.Equal(StepResult.Ok, await new MountEarlyFilesystems(boot).RunAsync(CancellationToken.None));
        Assert.Equal(StepResult.Ok, await new OpenKernelLog(boot).RunAsync(CancellationToken.None));
        Assert.Equal(StepResult.Ok, await MountSystem(boot).RunAsync(CancellationToken.None));
        Assert.Empty(_sys.Calls);
        Assert.Empty(_programs.Calls);
        boot.Log.Info("after");
        Assert.Empty(((RingLog)_kmsg).Snapshot());
    }

    [Fact]
    public async Task Mount_early_mounts_the_table_disables_ctrl_alt_del_and_creates_the_host_files()
    {
        Assert.Equal(StepResult.Ok, await new MountEarlyFilesystems(Boot()).RunAsync(CancellationToken.None));
        Assert.Contains(_sys.Calls, c => c.StartsWith("mount proc on '/proc'", StringComparison.Ordinal));
        Assert.Equal("disable-cad", _sys.Calls[^1]);
        Assert.Equal("", _files.ReadText("/etc/resolv.conf"));
        Assert.Equal("", _files.ReadText("/etc/hosts"));
    }

    [Fact]
    public async Task Load_modules_loads_the_early_set_starts_the_engines_set_then_the_configured_ones_not_loaded()
    {
        _kernel.Modules = "overlay 151552 0 - Live 0x0\n";
        var step = new LoadKernelModules(Boot(), () => ["overlay", "zfs"]);

        Assert.Equal(StepResult.Ok, await step.RunAsync(CancellationToken.None));
        Assert.True(await step.EngineModules!.WaitAsync(HangGuard.Limit));

        Assert.Equal(3, _programs.Calls.Count);
        Assert.Equal("modprobe -a " + string.Join(' ', BootModules.Early), _programs.Calls[0]);
        Assert.Contains("modprobe -a " + string.Join(' ', BootModules.ForEngines), _programs.Calls);
        Assert.Contains("modprobe zfs", _programs.Calls);
    }

    [Fact]
    public async Task Load_modules_degrades_on_a_failure_and_in_container_mode_loads_only_the_configured_ones()
    {
        _programs.Results["modprobe"] = (1, "modprobe: FATAL: Module zfs not found\n");
        var step = new LoadKernelModules(Boot(containerMode: true), () => ["zfs"]);

        Assert.Equal(StepResult.Degraded, await step.RunAsync(CancellationToken.None));

        Assert.Null(step.EngineModules);
        Assert.Equal(["modprobe zfs"], _programs.Calls);
        Assert.Contains("Failed to load module 'zfs': modprobe: FATAL: Module zfs not found, continuing", Texts());
    }
}
