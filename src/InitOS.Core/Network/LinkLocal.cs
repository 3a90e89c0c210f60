using System.Globalization;

namespace InitOS.Core.Network;

/// <summary>IPv4 link-local addresses (RFC 3927) for <c>ipv4ll: true</c> on a static link.</summary>
public static class LinkLocal
{
    /// <summary>
    /// A stable address in 169.254.1.0–169.254.254.255 from the last two bytes of the MAC (so the same machine
    /// gets the same address every boot), as <c>169.254.X.Y/16</c>; null when the MAC is not six bytes.
    /// Conflicts are not probed.
    /// </summary>
    public static string? FromMac(string mac)
    {
        var parts = mac.Split(':');
        if (parts.Length != 6 || !parts.All(p => p.Length == 2 && p.All(char.IsAsciiHexDigit)))
        {
            return null;
        }
        var x = int.Parse(parts[4], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        var y = int.Parse(parts[5], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        return $"169.254.{1 + x % 254}.{y}/16";
    }
}
