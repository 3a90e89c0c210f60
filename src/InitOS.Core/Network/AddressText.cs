using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace InitOS.Core.Network;

/// <summary>Strict checks of the address forms the network config uses.</summary>
public static class AddressText
{
    /// <summary>An IPv4 address in dotted-quad form, or an IPv6 address (no zone, no prefix).</summary>
    public static bool IsAddress(string text, out AddressFamily family)
    {
        family = AddressFamily.Unknown;
        if (text.Contains(':'))
        {
            if (text.Contains('%') || !IPAddress.TryParse(text, out var v6) || v6.AddressFamily != AddressFamily.InterNetworkV6)
            {
                return false;
            }
            family = AddressFamily.InterNetworkV6;
            return true;
        }
        var parts = text.Split('.');
        if (parts.Length != 4 || parts.Any(p => p.Length is 0 or > 3 || !p.All(char.IsAsciiDigit) ||
                int.Parse(p, CultureInfo.InvariantCulture) > 255))
        {
            return false;
        }
        family = AddressFamily.InterNetwork;
        return true;
    }

    /// <summary><c>ADDRESS/PREFIX</c> with a prefix within the family's width.</summary>
    public static bool IsCidr(string text, out AddressFamily family)
    {
        family = AddressFamily.Unknown;
        var slash = text.IndexOf('/');
        if (slash < 0 || !IsAddress(text[..slash], out var f))
        {
            return false;
        }
        var prefix = text[(slash + 1)..];
        if (prefix.Length is 0 or > 3 || !prefix.All(char.IsAsciiDigit) ||
            int.Parse(prefix, CultureInfo.InvariantCulture) > (f == AddressFamily.InterNetwork ? 32 : 128))
        {
            return false;
        }
        family = f;
        return true;
    }

    /// <summary>The prefix length of a dotted-quad netmask (<c>255.255.255.0</c> → 24); null when it is not
    /// a contiguous mask.</summary>
    public static int? PrefixOfNetmask(string netmask)
    {
        if (!IsAddress(netmask, out var family) || family != AddressFamily.InterNetwork)
        {
            return null;
        }
        var bytes = IPAddress.Parse(netmask).GetAddressBytes();
        var value = (uint)(bytes[0] << 24 | bytes[1] << 16 | bytes[2] << 8 | bytes[3]);
        var bits = System.Numerics.BitOperations.PopCount(value);
        var expected = bits == 0 ? 0u : uint.MaxValue << (32 - bits);
        return value == expected ? bits : null;
    }

    /// <summary>A link name the kernel accepts: 1–15 bytes, no <c>/</c>, <c>:</c> or white space.</summary>
    public static bool IsLinkName(string name) =>
        name.Length is > 0 and <= 15 && name != "." && name != ".." &&
        !name.Any(c => c is '/' or ':' || char.IsWhiteSpace(c) || c > 0x7e);
}
