namespace InitOS.Core.Network;

/// <summary>
/// Picks the interface entry for a link, as RancherOS's netconf does. The selector is <c>match</c> when set, else
/// the map key:
/// <list type="number">
/// <item>a selector starting with <c>mac</c> (<c>mac=aa:bb:…</c> or <c>mac:aa:bb:…</c>; the fourth character is
/// skipped) compares with the link's MAC, <c>*</c> wildcards allowed, case-insensitive; it wins over everything,
/// except on a bond master or a VLAN link, which are never selected by MAC;</item>
/// <item>otherwise a selector equal to the link name wins over a glob;</item>
/// <item>otherwise a glob where only <c>*</c> is special (<c>eth[0-1]</c> matches nothing); among several
/// matching globs, RancherOS's pick is arbitrary, InitOS takes the first in ordinal key order.</item>
/// </list>
/// </summary>
public static class InterfaceSelector
{
    /// <summary>The entry for <paramref name="link"/>; null when none selects it.</summary>
    public static InterfaceConfig? Select(NetLink link, IReadOnlyList<InterfaceConfig> interfaces)
    {
        InterfaceConfig? exact = null;
        InterfaceConfig? glob = null;
        var byMac = link.Kind is not ("bond" or "vlan") && link.Mac.Length > 0;
        foreach (var entry in interfaces)
        {
            var selector = entry.Selector;
            if (selector.StartsWith("mac", StringComparison.Ordinal))
            {
                if (byMac && selector.Length > 4 && Glob(selector[4..].ToLowerInvariant(), link.Mac.ToLowerInvariant()))
                {
                    return entry;
                }
            }
            else if (selector == link.Name)
            {
                exact ??= entry;
            }
            else if (glob is null && selector.Contains('*') && Glob(selector, link.Name))
            {
                glob = entry;
            }
        }
        return exact ?? glob;
    }

    /// <summary>Matches <paramref name="text"/> against a pattern where <c>*</c> is any run of characters.</summary>
    public static bool Glob(string pattern, string text)
    {
        int p = 0, t = 0, star = -1, mark = 0;
        while (t < text.Length)
        {
            if (p < pattern.Length && pattern[p] == '*')
            {
                star = p++;
                mark = t;
            }
            else if (p < pattern.Length && pattern[p] == text[t])
            {
                p++;
                t++;
            }
            else if (star >= 0)
            {
                p = star + 1;
                t = ++mark;
            }
            else
            {
                return false;
            }
        }
        while (p < pattern.Length && pattern[p] == '*')
        {
            p++;
        }
        return p == pattern.Length;
    }
}
