using System.Net;

namespace InitOS.Core.Network;

/// <summary>What to add and remove to make a link's addresses match the config.</summary>
public static class AddressChanges
{
    /// <summary>
    /// The wanted addresses that are missing, and, when <paramref name="exclusive"/> (a static link), the present
    /// global-scope addresses that are not wanted, except IPv6 ones with a lifetime (the kernel's SLAAC addresses
    /// would come back with the next router advertisement). Link-scope addresses (<c>fe80::</c>, IPv4LL) stay.
    /// Addresses compare by value, so <c>fd00:0::1/64</c> equals <c>fd00::1/64</c>.
    /// </summary>
    public static (IReadOnlyList<string> Add, IReadOnlyList<string> Remove) For(
        IReadOnlyList<LinkAddress> present, IReadOnlyList<string> wanted, bool exclusive)
    {
        var have = present.Select(a => Canonical(a.Cidr)).ToHashSet(StringComparer.Ordinal);
        var want = wanted.Select(Canonical).ToHashSet(StringComparer.Ordinal);
        var add = wanted.Where(w => !have.Contains(Canonical(w))).ToList();
        var remove = exclusive
            ? present.Where(a => a.Scope == "global" && !want.Contains(Canonical(a.Cidr)) && !(a.Dynamic && a.Cidr.Contains(':')))
                .Select(a => a.Cidr).ToList()
            : [];
        return (add, remove);
    }

    /// <summary>The address in the runtime's canonical text, prefix kept.</summary>
    public static string Canonical(string cidr)
    {
        var slash = cidr.IndexOf('/');
        var address = slash < 0 ? cidr : cidr[..slash];
        var prefix = slash < 0 ? "" : cidr[slash..];
        return IPAddress.TryParse(address, out var ip) ? ip.ToString() + prefix : cidr;
    }
}
