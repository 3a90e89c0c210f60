using System.Globalization;
using InitOS.Platform.Linux;

namespace InitOS.Platform.Network;

/// <summary>
/// dhcpcd 9's privilege-separation helpers (<c>dhcpcd: [privileged proxy] eth0 [ip4]</c>, <c>[BPF ARP]</c>,
/// <c>[network proxy]</c>) can outlive their manager: seen when a client netconf restarted was stopped. They keep
/// the link's sockets and netconf's stdout, and a new client then fails on its control socket. This finds them by
/// their process title (naming the link) in netconf's own network namespace and stops them.
/// </summary>
internal static class DhcpcdHelpers
{
    /// <summary>SIGTERM, then SIGKILL after a second, to every helper of <paramref name="link"/>; with null, to every
    /// dhcpcd helper of this network namespace (netconf owns DHCP there; called once all its clients have
    /// stopped, when the <c>[network proxy]</c> helpers, titled by address rather than link, may remain).</summary>
    public static void Stop(string? link)
    {
        var pids = Find(link);
        foreach (var pid in pids)
        {
            _ = Native.Kill(pid, 15);
        }
        var deadline = DateTime.UtcNow.AddSeconds(1);
        while (pids.Count > 0 && DateTime.UtcNow < deadline)
        {
            Thread.Sleep(50);
            pids = Find(link);
        }
        foreach (var pid in pids)
        {
            _ = Native.Kill(pid, 9);
        }
    }

    private static List<int> Find(string? link)
    {
        var found = new List<int>();
        string ownNet;
        try
        {
            ownNet = new FileInfo("/proc/self/ns/net").LinkTarget ?? "";
        }
        catch (IOException)
        {
            return found;
        }
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }
            try
            {
                var title = File.ReadAllText(Path.Join(dir, "cmdline")).Replace('\0', ' ');
                if (title.StartsWith("dhcpcd: [", StringComparison.Ordinal) &&
                    (link is null || title.Contains("] " + link + " ", StringComparison.Ordinal)) &&
                    new FileInfo(Path.Join(dir, "ns", "net")).LinkTarget == ownNet)
                {
                    found.Add(pid);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // The process ended while we looked: nothing to stop.
            }
        }
        return found;
    }
}
