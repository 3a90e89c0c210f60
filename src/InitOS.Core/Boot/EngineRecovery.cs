using System.Globalization;

namespace InitOS.Core.Boot;

/// <summary>
/// Repair, not a recovery shell: everything in the system engine's data root can be rebuilt (the system
/// images come from the read-only image), so an engine that fails to start <see cref="FailuresPerStage"/>
/// times in a row over its data root gets a fresh one (the old one kept aside, the newest only); one that
/// still fails gets a data root in memory. Only after that (at boot) is the boot step failed. The user
/// engine's data (<c>/var/lib/user-docker</c>) is a different directory and never part of this.
/// </summary>
public static class EngineRecovery
{
    /// <summary>Start failures in a row at one stage before the next stage.</summary>
    public const int FailuresPerStage = 3;

    /// <summary>The prefix of a data root kept aside, inside the data root (same filesystem, so a rename).</summary>
    public const string AsidePrefix = ".aside-";

    /// <summary>
    /// The next action after the <paramref name="failures"/>-th failure in a row at <paramref name="stage"/>.
    /// Repairs happen only <paramref name="atBoot"/>, when no container of the engine runs yet: under
    /// supervision its containers may still run (live-restore keeps them over a dead engine), and a fresh data
    /// root would start second copies of them — the user engine among them, over the same user data. There
    /// the engine is retried with backoff for ever, and the next boot repairs it. At boot, after memory was
    /// tried too, the step fails (recovery console).
    /// </summary>
    public static EngineRecoveryAction Next(int failures, DataRootStage stage, bool atBoot)
    {
        if (failures < FailuresPerStage || !atBoot)
        {
            return EngineRecoveryAction.Retry;
        }
        return stage switch
        {
            DataRootStage.AsFound => EngineRecoveryAction.MoveDataRootAside,
            DataRootStage.Fresh => EngineRecoveryAction.UseMemory,
            _ => EngineRecoveryAction.GiveUp,
        };
    }

    /// <summary>The name of the directory a data root is moved into at <paramref name="now"/>: <c>.aside-20261130T172600Z</c>.</summary>
    public static string AsideName(DateTimeOffset now) =>
        AsidePrefix + now.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);

    /// <summary>
    /// How to move the data root aside: the entries of the data root to move into <paramref name="aside"/>
    /// (every entry but earlier asides), and the earlier asides to delete once the engine runs again (only
    /// the newest is kept).
    /// </summary>
    public static (IReadOnlyList<string> Move, IReadOnlyList<string> DeleteLater) Plan(IReadOnlyList<string> entries, string aside)
    {
        var move = entries.Where(e => !e.StartsWith(AsidePrefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList();
        var old = entries.Where(e => e.StartsWith(AsidePrefix, StringComparison.Ordinal) && e != aside).Order(StringComparer.Ordinal).ToList();
        return (move, old);
    }

    /// <summary>
    /// The mount points at or below <paramref name="dataRoot"/> in /proc/self/mounts text, deepest first,
    /// the data root itself excluded: what a killed engine left mounted (overlay layers, its own binds),
    /// unmounted before the entries are moved.
    /// </summary>
    public static IReadOnlyList<string> MountsUnder(string procMounts, string dataRoot)
    {
        var prefix = dataRoot.TrimEnd('/') + "/";
        return procMounts.Split('\n')
            .Select(l => l.Split(' '))
            .Where(f => f.Length > 2)
            .Select(f => f[1].Replace("\\040", " ", StringComparison.Ordinal))
            .Where(t => t.StartsWith(prefix, StringComparison.Ordinal))
            .Distinct(StringComparer.Ordinal)
            .OrderByDescending(t => t.Count(c => c == '/'))
            .ThenByDescending(t => t, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>
    /// True when a failed image load means the data root's disk cannot hold the images (no space, quota,
    /// read-only, I/O error) — the case for a data root in memory — rather than a bad archive.
    /// </summary>
    public static bool IsDiskFailure(string message) =>
        message.Contains("no space left on device", StringComparison.OrdinalIgnoreCase)
        || message.Contains("disk quota exceeded", StringComparison.OrdinalIgnoreCase)
        || message.Contains("read-only file system", StringComparison.OrdinalIgnoreCase)
        || message.Contains("input/output error", StringComparison.OrdinalIgnoreCase)
        || message.Contains("ENOSPC", StringComparison.Ordinal)
        || message.Contains("EROFS", StringComparison.Ordinal);
}
