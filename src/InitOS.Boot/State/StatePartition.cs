using InitOS.Boot.Logging;
using InitOS.Core.Boot;
using InitOS.Core.Ports;

namespace InitOS.Boot.State;

/// <summary>
/// Finds, autoformats (blank devices only) and mounts the state partition, then binds the persistent
/// directories from it; without one, the engines' data roots go on tmpfs (run from memory).
/// </summary>
public sealed class StatePartition
{
    private readonly InitPorts _ports;
    private readonly BootLogger _log;
    private readonly TimeProvider _time;

    /// <summary>Creates the step's runtime.</summary>
    public StatePartition(InitPorts ports, BootLogger log, TimeProvider time)
    {
        _ports = ports;
        _log = log;
        _time = time;
    }

    /// <summary>The device mounted at /state, or null when running from memory.</summary>
    public string? Device { get; private set; }

    /// <summary>Runs the mount-state step.</summary>
    public async Task<StepResult> MountAsync(StateSettings settings, CancellationToken cancellationToken)
    {
        if (settings.Device == null)
        {
            _log.Notice("No state device configured, running from memory");
            return MountMemory();
        }
        var wait = settings.Wait ? StateSettings.WaitTimeout : TimeSpan.Zero;
        // With autoformat candidates there is no point waiting for the label of a disk that is still
        // blank: wait for a candidate to exist instead, then look for the label once more.
        var device = await ResolveAsync(settings.Device, settings.Autoformat.Count > 0 ? TimeSpan.Zero : wait, cancellationToken).ConfigureAwait(false);
        if (device == null && settings.Autoformat.Count > 0)
        {
            await WaitForAnyAsync(settings.Autoformat, wait, cancellationToken).ConfigureAwait(false);
            device = ResolveOnce(settings.Device);
        }
        if ((device == null || !Probe(device).Any(s => s.Kind == "filesystem")) && settings.Autoformat.Count > 0)
        {
            // Not found, or found without a filesystem: format the first blank autoformat candidate.
            if (await AutoformatAsync(settings, cancellationToken).ConfigureAwait(false) is { } formatted)
            {
                device = settings.Device.By == "path"
                    ? (formatted == settings.Device.Value ? formatted : device)
                    : await ResolveAsync(settings.Device, TimeSpan.FromSeconds(5), cancellationToken).ConfigureAwait(false);
            }
        }
        if (device == null)
        {
            return NotAvailable(settings, $"State device '{settings.Device}' not found");
        }
        var fsType = settings.FsType;
        if (fsType == "auto")
        {
            var found = Probe(device);
            fsType = found.FirstOrDefault(s => s.Kind == "filesystem")?.Type ?? "";
            if (fsType.Length == 0)
            {
                return NotAvailable(settings, $"State device '{device}' has no filesystem");
            }
        }
        if (StateFsck.Command(device, fsType) is { } check)
        {
            // Bounded; a damaged filesystem is never mounted and never formatted over (see StateFsck).
            var (code, output) = await _ports.Programs.RunAsync(check[0], check.Skip(1).ToList(), StateFsck.Timeout, cancellationToken).ConfigureAwait(false);
            var verdict = StateFsck.Decide(device, code, output);
            _log.Write(verdict.Level, verdict.Message);
            if (!verdict.Mount)
            {
                return NotAvailable(settings, $"State device '{device}' not mounted after its check");
            }
        }
        _ = _ports.Syscalls.MakeDirectory(StateSettings.MountPoint, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var r = _ports.Syscalls.Mount(device, StateSettings.MountPoint, fsType, MountFlags.None, null);
        if (!r.IsOk)
        {
            return NotAvailable(settings, $"Failed to mount state device '{device}' ({fsType}) on '{StateSettings.MountPoint}': {r.ErrnoName}");
        }
        Device = device;
        _log.Notice($"Mounted state device '{device}' ({fsType}) on '{StateSettings.MountPoint}'");
        return StepResult.Ok;
    }

    /// <summary>Runs the bind-persistent step: binds each persisted directory from the state partition.</summary>
    public StepResult BindPersistent(StateSettings settings)
    {
        if (Device == null)
        {
            _log.Info("No state partition, nothing persists across reboots");
            return StepResult.Ok;
        }
        var result = StepResult.Ok;
        foreach (var bind in PersistencePlan.Binds(settings.Directory))
        {
            const UnixFileMode mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;
            _ = _ports.Syscalls.MakeDirectory(bind.Source, mode);
            _ = _ports.Syscalls.MakeDirectory(bind.Target, mode);
            var r = _ports.Syscalls.Mount(bind.Source, bind.Target, "", bind.Flags, null);
            if (!r.IsOk)
            {
                _log.Warn($"Failed to bind '{bind.Source}' on '{bind.Target}': {r.ErrnoName}, continuing without persisting it");
                result = StepResult.Degraded;
            }
        }
        return result;
    }

    /// <summary>Resolves a device spec to a device path, polling until <paramref name="wait"/> has passed.</summary>
    public async Task<string?> ResolveAsync(DeviceSpec spec, TimeSpan wait, CancellationToken cancellationToken)
    {
        var deadline = _time.GetUtcNow() + wait;
        while (true)
        {
            var found = ResolveOnce(spec);
            if (found != null || _time.GetUtcNow() >= deadline)
            {
                return found;
            }
            // Block devices appear asynchronously (virtio, USB); look again shortly, bounded by the deadline.
            await Task.Delay(TimeSpan.FromMilliseconds(200), _time, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task WaitForAnyAsync(IReadOnlyList<string> devices, TimeSpan wait, CancellationToken cancellationToken)
    {
        var deadline = _time.GetUtcNow() + wait;
        while (!devices.Any(_ports.Blocks.Exists) && _time.GetUtcNow() < deadline)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(200), _time, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The device <paramref name="spec"/> names now, without waiting; <c>null</c> when none is present.</summary>
    public string? ResolveOnce(DeviceSpec spec)
    {
        if (spec.By == "path")
        {
            return _ports.Blocks.Exists(spec.Value) ? spec.Value : null;
        }
        foreach (var device in _ports.Blocks.List())
        {
            var head = _ports.Blocks.ReadHead(device, DiskSignatures.ProbeLength);
            if (head == null)
            {
                continue;
            }
            if (spec.By == "label" && DiskSignatures.Label(head) == spec.Value)
            {
                return device;
            }
            if (spec.By == "uuid" && DiskSignatures.Uuid(head) is { } uuid && uuid.Equals(spec.Value, StringComparison.OrdinalIgnoreCase))
            {
                return device;
            }
        }
        return null;
    }

    private IReadOnlyList<DiskSignature> Probe(string device)
    {
        var head = _ports.Blocks.ReadHead(device, DiskSignatures.ProbeLength);
        return head == null ? [] : DiskSignatures.Detect(head);
    }

    private async Task<string?> AutoformatAsync(StateSettings settings, CancellationToken cancellationToken)
    {
        foreach (var candidate in settings.Autoformat)
        {
            if (!_ports.Blocks.Exists(candidate))
            {
                _log.Info($"Autoformat candidate '{candidate}' does not exist, skipping");
                continue;
            }
            // Read the first and the last MiB (2 MiB at most, whatever the size); formatted only when all zeros.
            var size = _ports.Blocks.Size(candidate) ?? 0;
            var reads = new List<(ByteRange, byte[])>();
            foreach (var range in BlankCheck.Ranges(size))
            {
                if (_ports.Blocks.Read(candidate, range.Offset, range.Length) is { } data)
                {
                    reads.Add((range, data));
                }
            }
            var decision = AutoformatDecision.Decide(candidate, size, reads);
            if (!decision.Format)
            {
                _log.Warn(decision.Message);
                continue;
            }
            _log.Notice(decision.Message);
            var program = "mkfs." + settings.MkfsType;
            var (code, output) = await _ports.Programs.RunAsync(program, ["-F", "-L", StateSettings.Label, candidate], TimeSpan.FromMinutes(5), cancellationToken).ConfigureAwait(false);
            if (code != 0)
            {
                _log.Error($"Failed to format '{candidate}': {program} exited with {code}: {output.Trim()}");
                continue;
            }
            return candidate;
        }
        return null;
    }

    private StepResult NotAvailable(StateSettings settings, string reason)
    {
        if (settings.Required)
        {
            throw new InvalidOperationException(reason + " and rancher.state.required is set");
        }
        _log.Warn(reason + ", running from memory");
        MountMemory();
        return StepResult.Degraded;
    }

    private StepResult MountMemory()
    {
        var result = StepResult.Ok;
        foreach (var entry in PersistencePlan.Memory)
        {
            _ = _ports.Syscalls.MakeDirectory(entry.Target, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            var r = _ports.Syscalls.Mount(entry.Source, entry.Target, entry.FsType, entry.Flags, entry.Data);
            if (!r.IsOk && r.Errno != SysResult.EBUSY)
            {
                _log.Warn($"Failed to mount tmpfs on '{entry.Target}': {r.ErrnoName}, continuing");
                result = StepResult.Degraded;
            }
        }
        return result;
    }
}
