namespace InitOS.Core.Lifecycle;

/// <summary>One of the two OS slots on the boot partition: a directory <c>/A</c> or <c>/B</c> holding
/// <c>vmlinuz</c>, <c>initrd</c> and <c>manifest</c>.</summary>
public enum Slot
{
    /// <summary>The slot a fresh install writes.</summary>
    A,

    /// <summary>The other slot.</summary>
    B,
}
