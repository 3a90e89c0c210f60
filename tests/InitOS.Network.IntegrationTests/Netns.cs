namespace InitOS.Network.IntegrationTests;

/// <summary>A network namespace this test created (<c>ip netns add</c>), deleted on dispose with whatever links
/// are in it.</summary>
internal sealed class Netns : IDisposable
{
    private static int _counter;

    public Netns(string role)
    {
        Name = $"initos-{role}-{Environment.ProcessId}-{Interlocked.Increment(ref _counter)}";
        Tools.Run("ip", "netns", "add", Name);
        Ip("link", "set", "lo", "up");
    }

    public string Name { get; }

    /// <summary><c>ip -n NAME ARGS</c>.</summary>
    public string Ip(params string[] args) => Tools.Run("ip", ["-n", Name, .. args]);

    /// <summary>A veth pair: <paramref name="here"/> in this namespace, <paramref name="there"/> in <paramref name="peer"/>.</summary>
    public void Veth(string here, Netns peer, string there) =>
        Tools.Run("ip", "link", "add", here, "netns", Name, "type", "veth", "peer", "name", there, "netns", peer.Name);

    public void Dispose() => _ = Tools.TryRun("ip", "netns", "del", Name);
}
