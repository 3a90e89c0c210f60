namespace InitOS.Core.Config.Schema;

/// <summary>
/// Keys of <c>rancher</c> the schema accepts (so RancherOS configurations validate) but InitOS does not apply
/// yet, each with the reason. <c>ros config validate</c> names every one present in its input as a note, and
/// the README keeps the same list; a key leaves this table in the change that implements it.
/// </summary>
public static class UnappliedKeys
{
    /// <summary>The keys, as dotted paths, with why they have no effect.</summary>
    public static readonly IReadOnlyList<(string Key, string Reason)> Table =
    [
        ("rancher.bootstrap", "InitOS has no bootstrap engine"),
        ("rancher.bootstrap_docker", "InitOS has no bootstrap engine"),
        ("rancher.cloud_init_services", "cloud-init runs in the init, not as services"),
        ("rancher.disable", "not implemented"),
        ("rancher.force_console_rebuild", "not implemented"),
        ("rancher.http_load_retries", "no catalogue or config is downloaded"),
        ("rancher.hypervisor_service", "no hypervisor tools are started"),
        ("rancher.network.modem_networks", "no modem support"),
        ("rancher.network.wifi_networks", "no Wi-Fi support"),
        ("rancher.no_sharedroot", "not implemented"),
        ("rancher.preload_wait", "not implemented"),
        ("rancher.rm_usr", "not implemented"),
        ("rancher.state.cryptsetup", "encrypted state is not supported"),
        ("rancher.state.lvm_scan", "LVM state is not supported"),
        ("rancher.state.mdadm_scan", "md-raid state is not supported"),
        ("rancher.state.script", "not implemented"),
        ("rancher.upgrade.rollback", "InitOS rolls back to its other boot slot: ros os rollback"),
    ];

    /// <summary>Notes (<c>'key' (reason)</c>) for every table key present in <paramref name="tree"/>.</summary>
    public static IEnumerable<string> In(Dictionary<string, object?> tree) =>
        Table.Where(entry => ConfigTree.TryGet(tree, entry.Key.Split('.'), out _))
             .Select(entry => $"'{entry.Key}' (InitOS does not apply it yet: {entry.Reason})");
}
