namespace InitOS.Core.Lifecycle;

/// <summary>The state of the slots at boot, read from grubenv by <see cref="BootSlots.Assess"/>.</summary>
/// <param name="Kind">Whether the booted slot is committed, on trial, or the result of a fallback.</param>
/// <param name="Booted">The slot the kernel was started from (<c>initos.slot=</c>).</param>
/// <param name="Active">The last known-good slot (the booted one when grubenv has no valid <c>active</c>).</param>
/// <param name="Next">The slot GRUB is to try, or null when grubenv has no valid <c>next</c>.</param>
/// <param name="TriesLeft">Trial boots GRUB has left (0 when unset or not a number in 0..<see cref="BootSlots.MaxTries"/>).</param>
/// <param name="FailedSlot">The slot that failed its trial, if one did.</param>
/// <param name="FailReason">Why it failed, when the failing boot could say so.</param>
public sealed record SlotStatus(SlotStatusKind Kind, Slot Booted, Slot Active, Slot? Next, int TriesLeft, Slot? FailedSlot, string? FailReason);
