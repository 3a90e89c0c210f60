namespace InitOS.Core.Lifecycle;

/// <summary>Names of the slots as they appear in grubenv, grub.cfg menu ids and <c>initos.slot=</c>.</summary>
public static class Slots
{
    /// <summary>The slot that is not <paramref name="s"/>.</summary>
    public static Slot Other(Slot s) => s == Slot.A ? Slot.B : Slot.A;

    /// <summary>Reads <c>A</c> or <c>B</c>, exactly (GRUB compares menu ids case-sensitively, so <c>a</c> is not a
    /// slot). Anything else, null included, is false.</summary>
    public static bool TryParse(string? text, out Slot slot)
    {
        switch (text)
        {
            case "A":
                slot = Slot.A;
                return true;
            case "B":
                slot = Slot.B;
                return true;
            default:
                slot = Slot.A;
                return false;
        }
    }

    /// <summary>The name of the slot: <c>A</c> or <c>B</c>.</summary>
    public static string Name(Slot s) => s == Slot.A ? "A" : "B";

    internal static Slot? ParseOrNull(string? text) => TryParse(text, out var slot) ? slot : null;
}
