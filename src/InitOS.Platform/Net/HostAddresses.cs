using System.Net;
using System.Net.NetworkInformation;

namespace InitOS.Platform.Net;

/// <summary>The host's own addresses, as a certificate may name them.</summary>
public static class HostAddresses
{
    /// <summary>The unicast addresses of every interface that is up, without loopback and IPv6 link-local ones
    /// (a certificate cannot carry a scope); empty when they cannot be read.</summary>
    public static IReadOnlyList<string> Unicast()
    {
        try
        {
            return NetworkInterface.GetAllNetworkInterfaces()
                .Where(i => i.OperationalStatus == OperationalStatus.Up && i.NetworkInterfaceType != NetworkInterfaceType.Loopback)
                .SelectMany(i => i.GetIPProperties().UnicastAddresses)
                .Select(a => a.Address)
                .Where(a => !IPAddress.IsLoopback(a) && !a.IsIPv6LinkLocal)
                .Select(a => a.ToString())
                .Distinct(StringComparer.Ordinal)
                .ToList();
        }
        catch (NetworkInformationException)
        {
            return [];
        }
    }
}
