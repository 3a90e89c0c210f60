namespace InitOS.Core.Datasources;

/// <summary>
/// The datasources reached over HTTP. They need the network, which exists only once the <c>network</c> service
/// has run, so the init probes again after it when the first, early <c>cloud-init-save</c> found nothing.
/// </summary>
public static class NetworkDatasources
{
    /// <summary>Names whose data comes from an HTTP service (<c>cmdline</c>: the URL of <c>cloud-config-url=</c>).</summary>
    public static readonly IReadOnlyList<string> Names =
        ["url", "cmdline", "ec2", "openstack", "gce", "digitalocean", "azure", "exoscale", "aliyun", "cloudstack"];

    /// <summary>
    /// True when the entries of <c>rancher.cloud_init.datasources</c> (RancherOS syntax, <c>*</c> included)
    /// name at least one datasource reached over HTTP.
    /// </summary>
    public static bool AnyIn(IEnumerable<string> entries) =>
        DatasourceList.Parse(entries, out _).Any(spec => Names.Contains(spec.Name));
}
