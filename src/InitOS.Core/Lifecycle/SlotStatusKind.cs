namespace InitOS.Core.Lifecycle;

/// <summary>What the booted slot is, as <see cref="BootSlots.Assess"/> reads grubenv.</summary>
public enum SlotStatusKind
{
    /// <summary>The booted slot is the known-good one, or at least not under trial: nothing is pending.</summary>
    Committed,

    /// <summary>The booted slot is being tried after an upgrade: it must prove healthy before it is committed.</summary>
    Trial,

    /// <summary>GRUB ran out of tries for the upgraded slot and booted the known-good one instead.</summary>
    FellBack,
}
