using InitOS.Core.Config;

namespace InitOS.Ros.Config;

/// <summary>What <c>ros config export</c> leaves out (reference §4.8).</summary>
public static class ExportFilter
{
    /// <summary>Always removed: the console password and autologin, and the init's elided arguments.</summary>
    public static readonly string[][] AlwaysPrivate = [["rancher", "password"], ["rancher", "autologin"], ["EXTRA_CMDLINE"]];

    /// <summary>Removed unless <c>--private</c>: SSH host keys and settings, the user engine's TLS material.</summary>
    public static readonly string[][] Private =
    [
        ["rancher", "ssh"], ["rancher", "docker", "ca_key"], ["rancher", "docker", "ca_cert"],
        ["rancher", "docker", "server_key"], ["rancher", "docker", "server_cert"],
    ];

    /// <summary>Returns a filtered copy of the tree.</summary>
    public static Dictionary<string, object?> Apply(Dictionary<string, object?> tree, bool includePrivate)
    {
        var copy = ConfigValue.CopyMap(tree);
        foreach (var path in includePrivate ? AlwaysPrivate : [.. AlwaysPrivate, .. Private])
        {
            _ = ConfigTree.Remove(copy, path);
        }
        return copy;
    }
}
