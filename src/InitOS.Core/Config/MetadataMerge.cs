namespace InitOS.Core.Config;

/// <summary>How meta-data fills gaps in the merged config (reference §4.6).</summary>
public static class MetadataMerge
{
    /// <summary>
    /// Applies meta-data in place: <c>hostname</c> only when the config has none (unset or empty); the SSH
    /// keys, in the order of their map keys compared as strings, appended after the configured
    /// <c>ssh_authorized_keys</c> (which is therefore always present, possibly empty); and
    /// <c>rancher.resize_device</c> from the root disk when unset.
    /// </summary>
    public static void Apply(Dictionary<string, object?> tree, CloudMetadata metadata)
    {
        if (!string.IsNullOrEmpty(metadata.Hostname) && tree.GetValueOrDefault("hostname") is null or "")
        {
            tree["hostname"] = metadata.Hostname;
        }
        var keys = tree.GetValueOrDefault("ssh_authorized_keys") as List<object?> ?? [];
        foreach (var (_, key) in metadata.SshPublicKeys)
        {
            keys.Add(key);
        }
        tree["ssh_authorized_keys"] = keys;
        if (!string.IsNullOrEmpty(metadata.RootDisk)
            && (!ConfigTree.TryGet(tree, ["rancher", "resize_device"], out var device) || device is null or ""))
        {
            _ = ConfigTree.TrySet(tree, ["rancher", "resize_device"], metadata.RootDisk);
        }
    }
}
