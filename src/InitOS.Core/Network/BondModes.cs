namespace InitOS.Core.Network;

/// <summary>The Linux bonding modes, by name and by number (Documentation/networking/bonding.rst).</summary>
public static class BondModes
{
    /// <summary>The mode names in number order (0–6).</summary>
    public static IReadOnlyList<string> Names { get; } =
        ["balance-rr", "active-backup", "balance-xor", "broadcast", "802.3ad", "balance-tlb", "balance-alb"];

    /// <summary>The canonical name of a mode given by name or number; null when unknown.</summary>
    public static string? Canonical(string mode)
    {
        var text = mode.Trim().ToLowerInvariant();
        if (text.Length == 1 && text[0] is >= '0' and <= '6')
        {
            return Names[text[0] - '0'];
        }
        return Names.Contains(text) ? text : null;
    }
}
