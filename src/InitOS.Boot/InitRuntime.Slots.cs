using System.Globalization;
using System.Text;
using InitOS.Boot.Services;
using InitOS.Core.Boot;
using InitOS.Core.Lifecycle;
using InitOS.Core.Ports;
using InitOS.Core.Services;
using InitOS.Core.Timing;

namespace InitOS.Boot;

/// <summary>
/// The boot slots of an installed system (issue 9): PID 1 mounts the boot partition, says which slot and
/// version booted and whether it is a trial, and commits a trial boot once the system is healthy (services
/// up, the user engine answering, <c>rancher.upgrade.health_check</c> passing), or records why it is not
/// and reboots, so that GRUB tries again or returns to the last good slot by itself.
/// </summary>
public sealed partial class InitRuntime
{
    private Slot? _bootedSlot;
    private SlotStatus? _slotStatus;
    private Func<CancellationToken, Task<IContainerEngine>>? _userEngine;
    private ITimer? _watchdogTimer;

    /// <summary>How often a trial boot's health is checked, and how long it must stay healthy.</summary>
    public TimeSpan TrialInterval { get; init; } = TimeSpan.FromSeconds(10);

    private string EnvFile => BootPartition.MountPoint + "/" + BootPartition.EnvPath;

    /// <summary>Step mount-boot: on an installed system (initos.slot= on the command line) mounts
    /// <see cref="BootPartition.Label"/> and reports the slot's state.</summary>
    private async Task<StepResult> MountBootAsync(CancellationToken cancellationToken)
    {
        _bootedSlot = BootPartition.BootedSlot(_ports.Kernel.ReadCmdline());
        if (_bootedSlot is not { } booted || _options.ContainerMode)
        {
            return StepResult.Ok;
        }
        var device = await _statePartition!.ResolveAsync(new DeviceSpec("label", BootPartition.Label), TimeSpan.FromSeconds(10), cancellationToken).ConfigureAwait(false);
        if (device is null)
        {
            _log.Warn($"Booted slot {Slots.Name(booted)}, but no {BootPartition.Label} partition was found: upgrades and rollbacks are not possible this boot");
            return StepResult.Degraded;
        }
        _ = _ports.Syscalls.MakeDirectory(BootPartition.MountPoint, (UnixFileMode)0x1ED);
        var r = _ports.Syscalls.Mount(device, BootPartition.MountPoint, "ext4", MountFlags.None, null);
        if (!r.IsOk)
        {
            _log.Warn($"Cannot mount {device} ({BootPartition.Label}) on {BootPartition.MountPoint}: {r}");
            return StepResult.Degraded;
        }
        _shutdown.Unmounts.Add(BootPartition.MountPoint);
        var env = ReadEnv();
        var status = BootSlots.Assess(env, booted);
        _slotStatus = status;
        var version = SlotVersion(booted) ?? _options.Version;
        switch (status.Kind)
        {
            case SlotStatusKind.Trial:
                _log.Notice(string.Create(CultureInfo.InvariantCulture,
                    $"Trial boot of {version} from slot {Slots.Name(booted)} ({status.TriesLeft} more tries; slot {Slots.Name(status.Active)} with {SlotVersion(status.Active) ?? "?"} is the fallback): committed once healthy"));
                await ArmWatchdogAsync(cancellationToken).ConfigureAwait(false);
                break;
            case SlotStatusKind.FellBack:
                var failed = status.FailedSlot ?? Slots.Other(booted);
                _log.Error($"The upgrade to {SlotVersion(failed) ?? "?"} (slot {Slots.Name(failed)}) failed: {status.FailReason ?? "it never came up healthy"}; GRUB returned to {version} in slot {Slots.Name(booted)}");
                break;
            default:
                _log.Info($"Booted {version} from slot {Slots.Name(booted)} ({device})");
                break;
        }
        return StepResult.Ok;
    }

    /// <summary>After the boot: a trial is watched until it is healthy (committed) or its time is up.</summary>
    private void StartTrialWatch(CancellationToken cancellationToken)
    {
        if (_slotStatus is not { Kind: SlotStatusKind.Trial } || _bootedSlot is not { } booted)
        {
            return;
        }
        var settings = _settings.Upgrade.Value;
        _ = Background.Run("trial-boot", _log, () => WatchTrialAsync(booted, settings, cancellationToken));
    }

    private async Task WatchTrialAsync(Slot booted, UpgradeSettings settings, CancellationToken cancellationToken)
    {
        var deadline = _time.GetUtcNow() + settings.HealthTimeout;
        var healthySince = (DateTimeOffset?)null;
        var reason = "not checked yet";
        while (true)
        {
            reason = await HealthProblemAsync(settings, cancellationToken).ConfigureAwait(false) ?? "";
            var now = _time.GetUtcNow();
            if (reason.Length == 0)
            {
                healthySince ??= now;
                // healthy twice, an interval apart: a service that crash-loops is caught between the two
                if (now - healthySince >= TrialInterval)
                {
                    WriteEnv(BootSlots.Commit(ReadEnv(), booted));
                    DisarmWatchdog();
                    _log.Notice($"The upgrade to {SlotVersion(booted) ?? _options.Version} (slot {Slots.Name(booted)}) is healthy: committed; slot {Slots.Name(Slots.Other(booted))} ({SlotVersion(Slots.Other(booted)) ?? "empty"}) stays as the fallback");
                    return;
                }
            }
            else
            {
                healthySince = null;
            }
            if (now >= deadline)
            {
                break;
            }
            await Task.Delay(TrialInterval, _time, cancellationToken).ConfigureAwait(false);
        }
        var why = $"not healthy within {settings.HealthTimeout.TotalSeconds:0} s: {reason}";
        var env = BootSlots.MarkTrialFailed(ReadEnv(), booted, why);
        WriteEnv(env);
        var left = BootSlots.Assess(env, booted).TriesLeft;
        _log.Error($"Trial boot of slot {Slots.Name(booted)} {why}; rebooting ({(left > 0 ? $"{left} more tries" : "GRUB returns to the previous version")})");
        _events.Writer.TryWrite(new SystemEvent(SystemEventKind.ShutdownRequested, Action: PowerAction.Reboot));
    }

    /// <summary>What keeps this boot from being healthy; null when it is.</summary>
    private async Task<string?> HealthProblemAsync(UpgradeSettings settings, CancellationToken cancellationToken)
    {
        try
        {
            if (_systemClient is null || _services.Count == 0)
            {
                return "the system services did not start";
            }
            var failing = await new ServiceWatch(_systemClient, _userEngine ?? (_ => Task.FromResult(_systemClient)), _log, _time)
                .CheckAsync(_services, cancellationToken).ConfigureAwait(false);
            if (failing.Count > 0)
            {
                return "failing services: " + string.Join(", ", failing.Select(f => $"{f.Key} ({f.Value})"));
            }
            if (_services.Any(s => s.Name == "docker") && _userEngine != null)
            {
                using var quick = new Deadline(TimeSpan.FromSeconds(20), _time, cancellationToken);
                try
                {
                    var user = await _userEngine(quick.Token).ConfigureAwait(false);
                    if (!await user.PingAsync(quick.Token).ConfigureAwait(false))
                    {
                        return "the user engine does not answer";
                    }
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    return "the user engine does not answer";
                }
            }
            if (settings.HealthCheck is { } check)
            {
                var (code, output) = await _ports.Programs.RunAsync("/bin/sh", ["-c", check], TimeSpan.FromSeconds(60), cancellationToken).ConfigureAwait(false);
                if (code != 0)
                {
                    var last = output.Trim().Split('\n').LastOrDefault() ?? "";
                    return $"the health check (rancher.upgrade.health_check) exited with status {code}{(last.Length > 0 ? ": " + last : "")}";
                }
            }
            return null;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return e.Message;
        }
    }

    /// <summary>
    /// A trial boot that hangs (kernel or init) must still end in a reset, so that GRUB counts the try: the
    /// hardware watchdog (QEMU's i6300esb, Intel's iTCO) is armed and petted every few seconds until the commit.
    /// </summary>
    private async Task ArmWatchdogAsync(CancellationToken cancellationToken)
    {
        if (_ports.Watchdog is not { } watchdog)
        {
            return;
        }
        _ = await _ports.Programs.RunAsync("modprobe", ["-q", "-a", .. WatchdogModules], TimeSpan.FromSeconds(20), cancellationToken).ConfigureAwait(false);
        if (!watchdog.TryArm(out var reason))
        {
            _log.Warn($"No hardware watchdog for the trial boot ({reason}): a hang before the health deadline needs a power cycle to fall back");
            return;
        }
        _watchdogTimer = _time.CreateTimer(_ => Pet(watchdog), null, TimeSpan.Zero, TimeSpan.FromSeconds(5));
        _log.Info("Hardware watchdog armed for the trial boot");
    }

    private void Pet(IWatchdog watchdog)
    {
        try
        {
            watchdog.Pet();
        }
        catch (IOException e)
        {
            _log.Warn($"Cannot pet the watchdog: {e.Message}");
        }
    }

    private void DisarmWatchdog()
    {
        if (_watchdogTimer is null || _ports.Watchdog is null)
        {
            return;
        }
        _watchdogTimer.Dispose();
        _watchdogTimer = null;
        try
        {
            _ports.Watchdog.Disarm();
            _log.Info("Hardware watchdog disarmed");
        }
        catch (IOException e)
        {
            _log.Warn($"Cannot disarm the watchdog: {e.Message}");
        }
    }

    /// <summary>Watchdog drivers tried for a trial boot (virtual and common server chipsets).</summary>
    public static readonly IReadOnlyList<string> WatchdogModules = ["i6300esb", "iTCO_wdt"];

    private GrubEnv ReadEnv()
    {
        var text = _ports.Files.ReadText(EnvFile);
        if (text is null)
        {
            return GrubEnv.Empty;
        }
        try
        {
            return GrubEnv.Parse(Encoding.UTF8.GetBytes(text));
        }
        catch (FormatException e)
        {
            _log.Warn($"{EnvFile} is damaged ({e.Message}); reading it as empty");
            return GrubEnv.Empty;
        }
    }

    private void WriteEnv(GrubEnv env) =>
        _ports.Files.WriteAtomic(EnvFile, Encoding.UTF8.GetString(env.ToBlock()), (UnixFileMode)0x1A4, (UnixFileMode)0x1ED);

    private string? SlotVersion(Slot slot)
    {
        var text = _ports.Files.ReadText($"{BootPartition.MountPoint}/{BootPartition.SlotDirectory(slot)}/manifest");
        if (text is null)
        {
            return null;
        }
        try
        {
            return "v" + OsManifest.Parse(text).Version.TrimStart('v');
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
