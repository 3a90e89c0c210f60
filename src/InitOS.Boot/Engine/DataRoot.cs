using InitOS.Boot.Logging;
using InitOS.Core.Boot;

namespace InitOS.Boot.Engine;

/// <summary>
/// The system engine's data root and its repair (<see cref="EngineRecovery"/>): moving it aside inside
/// itself (a rename on the same filesystem, whatever is mounted on it), or covering it with a tmpfs.
/// Called only while the engine and its containerd are stopped.
/// </summary>
public sealed class DataRoot
{
    private readonly InitPorts _ports;
    private readonly BootLogger _log;
    private readonly TimeProvider _time;
    private readonly List<string> _deleteLater = [];

    /// <summary>Creates the runtime for the data root at <paramref name="path"/>.</summary>
    public DataRoot(string path, DataRootStage stage, InitPorts ports, BootLogger log, TimeProvider time)
    {
        Path = path;
        Stage = stage;
        _ports = ports;
        _log = log;
        _time = time;
    }

    /// <summary>The data root.</summary>
    public string Path { get; }

    /// <summary>Where it stands in the repair sequence.</summary>
    public DataRootStage Stage { get; private set; }

    /// <summary>Raised after the data root was replaced (fresh or memory): the system images must be loaded again.</summary>
    public int Generation { get; private set; }

    /// <summary>The prepared system image store (as the engine sees it) grafted in before each start; null: none.</summary>
    public string? ImageStore { get; init; }

    /// <summary>Mounts added by <see cref="UseMemory"/>, for the shutdown's unmount list.</summary>
    public List<string> Mounts { get; } = [];

    /// <summary>Moves every entry of the data root into <c>.aside-&lt;time&gt;</c> in it; earlier asides are deleted later.</summary>
    public void MoveAside()
    {
        UnmountLeftovers();
        var aside = EngineRecovery.AsideName(_time.GetUtcNow());
        var (move, old) = EngineRecovery.Plan(_ports.Files.ListEntries(Path), aside);
        _ports.Files.EnsureDirectory(Path + "/" + aside, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        foreach (var entry in move)
        {
            _ports.Files.Move(Path + "/" + entry, Path + "/" + aside + "/" + entry);
        }
        _deleteLater.AddRange(old.Select(o => Path + "/" + o));
        Stage = DataRootStage.Fresh;
        Generation++;
        _log.Write(SyslogLevel.Critical, $"Moved the system engine's data root aside to '{Path}/{aside}' ({move.Count} entries) and starting over a fresh one; the system images are loaded again, '/var/lib/user-docker' is untouched");
    }

    /// <summary>Mounts a tmpfs over the data root: the engine runs from memory from now on (this boot).</summary>
    public void UseMemory(string reason)
    {
        UnmountLeftovers();
        var entry = PersistencePlan.Memory.First(m => m.Target == SystemEnginePlan.DataRoot);
        _ = _ports.Syscalls.MakeDirectory(Path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var r = _ports.Syscalls.Mount(entry.Source, Path, entry.FsType, entry.Flags, entry.Data);
        if (!r.IsOk)
        {
            throw new IOException($"Failed to mount tmpfs on '{Path}': {r.ErrnoName}");
        }
        Mounts.Add(Path);
        Stage = DataRootStage.Memory;
        Generation++;
        _log.Write(SyslogLevel.Critical, $"SYSTEM ENGINE RUNS FROM MEMORY: {reason}; a tmpfs now covers '{Path}', system services and the console come up but nothing the system engine stores survives a reboot until the state disk is fixed");
    }

    /// <summary>
    /// Grafts the system image store into the data root (<see cref="SystemImageStore"/>), called while the engine is
    /// stopped, before each start: the images are in place the moment it answers. A disk that cannot take the few
    /// hundred KiB of metadata (full, read-only, failing) moves the data root to memory and the graft goes there; any
    /// other failure is thrown and counts as a failed start (retries, then the repairs).
    /// </summary>
    public void GraftImages()
    {
        if (ImageStore is not { } store || _ports.GraftImages is not { } graft)
        {
            return;
        }
        GraftPlan plan;
        try
        {
            plan = graft(store, _ports.Files.Resolve(Path));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException && Stage != DataRootStage.Memory && EngineRecovery.IsDiskFailure(e.Message))
        {
            UseMemory($"the system images could not be grafted into '{Path}' ({e.Message})");
            plan = graft(store, _ports.Files.Resolve(Path));
        }
        foreach (var problem in plan.Problems)
        {
            _log.Warn($"System image store: {problem}");
        }
        if (plan.Operations.Count > 0)
        {
            _log.Info($"Grafted the system images from '{store}' into '{Path}': {plan.LayersAdded} layers and {plan.ImagesAdded} images added, {plan.LayersRepointed} layers re-pointed, {plan.TagsChanged} tags set; their contents stay on the system image");
        }
        else
        {
            _log.Info($"The system images from '{store}' are in place in '{Path}'");
        }
    }

    /// <summary>Deletes the asides older than the newest (best effort, after the engine is up again).</summary>
    public void DeleteOldAsides()
    {
        foreach (var path in _deleteLater.ToList())
        {
            try
            {
                _ports.Files.Delete(path);
                _log.Info($"Deleted the older data root aside '{path}'");
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                _log.Warn($"Failed to delete '{path}': {e.Message}, continuing");
            }
            _deleteLater.Remove(path);
        }
    }

    private void UnmountLeftovers()
    {
        // A killed engine leaves its overlay layers and binds mounted under the data root; a rename of a
        // mount point fails (EBUSY) and a delete would go into it, so they are detached first.
        foreach (var target in EngineRecovery.MountsUnder(_ports.Kernel.ReadMounts(), _ports.Files.Resolve(Path)))
        {
            var r = _ports.Syscalls.Unmount(target, detach: true);
            if (!r.IsOk)
            {
                _log.Warn($"Failed to unmount '{target}': {r.ErrnoName}, continuing");
            }
        }
    }
}
