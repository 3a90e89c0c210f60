using System.Globalization;
using System.Text;

namespace InitOS.Core.Lifecycle;

/// <summary>
/// The A/B slot state machine, kept in grubenv so that GRUB and PID 1 share it. The keys are short, so the whole
/// state stays in the block's first 512-byte sector:
/// <list type="bullet">
/// <item><c>active=A|B</c>: the last known-good slot; GRUB boots it when nothing is on trial.</item>
/// <item><c>next=A|B</c>: the slot to try; equal to <c>active</c> when there is no trial.</item>
/// <item><c>tries=N</c>: trial boots left (0..<see cref="MaxTries"/>); GRUB counts it down before each trial boot.</item>
/// <item><c>rolled_back=1</c>: GRUB ran out of tries and went back to <c>active</c>.</item>
/// <item><c>failed=A|B</c>, <c>fail_reason=…</c>: the slot that failed its trial and, when PID 1 saw it, why.</item>
/// </list>
/// Every transition returns a new <see cref="GrubEnv"/> and keeps keys it does not own.
/// </summary>
public static class BootSlots
{
    /// <summary>Trial boots an upgrade gets unless asked otherwise.</summary>
    public const int DefaultTries = 2;

    /// <summary>Most trial boots an upgrade can get (grub.cfg counts down from this many).</summary>
    public const int MaxTries = 5;

    /// <summary>Longest <c>fail_reason</c>, in characters.</summary>
    public const int MaxReasonLength = 160;

    /// <summary>grubenv key of the last known-good slot.</summary>
    public const string ActiveKey = "active";

    /// <summary>grubenv key of the slot to try.</summary>
    public const string NextKey = "next";

    /// <summary>grubenv key of the trial boots left.</summary>
    public const string TriesKey = "tries";

    /// <summary>grubenv key GRUB sets to 1 when it falls back.</summary>
    public const string RolledBackKey = "rolled_back";

    /// <summary>grubenv key of the slot that failed its trial.</summary>
    public const string FailedKey = "failed";

    /// <summary>grubenv key of the reason the trial failed.</summary>
    public const string FailReasonKey = "fail_reason";

    /// <summary>The environment of a fresh install: <paramref name="first"/> is active and nothing is on trial.</summary>
    public static GrubEnv Initial(Slot first) => GrubEnv.Empty
        .With(ActiveKey, Slots.Name(first))
        .With(NextKey, Slots.Name(first));

    /// <summary>
    /// Reads the state for a boot of <paramref name="booted"/>: <see cref="SlotStatusKind.Trial"/> when the booted
    /// slot is <c>next</c> and <c>next</c> differs from <c>active</c>; <see cref="SlotStatusKind.FellBack"/> when
    /// the booted slot is <c>active</c> and <c>rolled_back=1</c>; otherwise <see cref="SlotStatusKind.Committed"/>.
    /// A missing or invalid <c>active</c> counts as the booted slot, an invalid <c>next</c> or <c>failed</c> as
    /// unset, and invalid <c>tries</c> as 0. Never throws.
    /// </summary>
    public static SlotStatus Assess(GrubEnv env, Slot booted)
    {
        var active = Slots.ParseOrNull(env.Get(ActiveKey)) ?? booted;
        var next = Slots.ParseOrNull(env.Get(NextKey));
        var tries = ReadTries(env.Get(TriesKey));
        var kind = booted == next && next != active ? SlotStatusKind.Trial
            : booted == active && env.Get(RolledBackKey) == "1" ? SlotStatusKind.FellBack
            : SlotStatusKind.Committed;
        var reason = env.Get(FailReasonKey);
        return new SlotStatus(kind, booted, active, next, tries, Slots.ParseOrNull(env.Get(FailedKey)),
            string.IsNullOrEmpty(reason) ? null : reason);
    }

    /// <summary>After a healthy boot of <paramref name="booted"/> (a trial or any other): it becomes
    /// <c>active</c> and <c>next</c>, and the trial and failure keys are removed.</summary>
    public static GrubEnv Commit(GrubEnv env, Slot booted) => ClearTrial(env
        .With(ActiveKey, Slots.Name(booted))
        .With(NextKey, Slots.Name(booted)));

    /// <summary>
    /// After <c>ros os upgrade</c> wrote the slot that is not running: that slot becomes <c>next</c> with
    /// <paramref name="tries"/> trial boots (clamped to 1..<see cref="MaxTries"/>), and old failure keys are
    /// removed. The running slot is not on trial, so it is the one to fall back to: when grubenv's <c>active</c>
    /// is missing, invalid or names the other slot (a boot picked by hand in the GRUB menu), <c>active</c> is set
    /// to the running slot, because the other slot's known-good content has just been replaced.
    /// </summary>
    /// <exception cref="InvalidOperationException">The running slot is itself on trial.</exception>
    public static GrubEnv StageUpgrade(GrubEnv env, Slot running, int tries)
    {
        if (Assess(env, running).Kind == SlotStatusKind.Trial)
        {
            throw new InvalidOperationException(
                $"slot {Slots.Name(running)} is still on trial; it must be committed (healthy boot) before another upgrade");
        }
        var clamped = Math.Clamp(tries, 1, MaxTries);
        return env
            .With(ActiveKey, Slots.Name(running))
            .With(NextKey, Slots.Name(Slots.Other(running)))
            .With(TriesKey, clamped.ToString(CultureInfo.InvariantCulture))
            .With(RolledBackKey, null)
            .With(FailedKey, null)
            .With(FailReasonKey, null);
    }

    /// <summary>
    /// A trial boot of <paramref name="booted"/> that did not become healthy in time: records <c>failed</c> and
    /// <c>fail_reason</c> and keeps <c>next</c> and <c>tries</c>, so GRUB tries again while tries are left and
    /// falls back after. The reason is made one line of printable ASCII without backslashes, trimmed to
    /// <see cref="MaxReasonLength"/> characters.
    /// </summary>
    public static GrubEnv MarkTrialFailed(GrubEnv env, Slot booted, string reason) => env
        .With(FailedKey, Slots.Name(booted))
        .With(FailReasonKey, SanitizeReason(reason));

    /// <summary>After <c>ros os rollback</c>: the slot that is not running becomes <c>active</c> and
    /// <c>next</c>, and the trial and failure keys are removed.</summary>
    public static GrubEnv Rollback(GrubEnv env, Slot running)
    {
        var other = Slots.Name(Slots.Other(running));
        return ClearTrial(env.With(ActiveKey, other).With(NextKey, other));
    }

    /// <summary>The reason as <see cref="MarkTrialFailed"/> stores it.</summary>
    public static string SanitizeReason(string? reason)
    {
        var text = new StringBuilder();
        foreach (var c in reason ?? "")
        {
            text.Append(c switch
            {
                '\\' => '/',
                < ' ' or '\x7f' => ' ',
                > '\x7f' => '?',
                _ => c,
            });
        }
        var oneLine = text.ToString().Trim();
        if (oneLine.Length > MaxReasonLength)
        {
            oneLine = oneLine[..MaxReasonLength].TrimEnd();
        }
        return oneLine.Length == 0 ? "no reason given" : oneLine;
    }

    private static GrubEnv ClearTrial(GrubEnv env) => env
        .With(TriesKey, null)
        .With(RolledBackKey, null)
        .With(FailedKey, null)
        .With(FailReasonKey, null);

    private static int ReadTries(string? text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n <= MaxTries ? n : 0;
}
