namespace InitOS.Core.Datasources;

/// <summary>Parses <c>rancher.cloud_init.datasources</c> entries (RancherOS <c>name[:arg]</c> syntax).</summary>
public static class DatasourceList
{
    /// <summary>The datasource names InitOS can probe.</summary>
    public static readonly IReadOnlyList<string> Supported =
    [
        "configdrive", "nocloud", "cidata", "proxmox", "file", "url", "cmdline", "ec2", "openstack", "gce",
        "digitalocean", "azure", "exoscale", "aliyun", "cloudstack",
    ];

    /// <summary>What <c>*</c> expands to, in this order (RancherOS's list minus the ones InitOS lacks).</summary>
    public static readonly IReadOnlyList<string> Wildcard =
        ["configdrive", "ec2", "digitalocean", "gce", "cloudstack", "exoscale", "proxmox"];

    /// <summary>Names RancherOS knew that InitOS does not probe; they are reported, not silently dropped.</summary>
    public static readonly IReadOnlyList<string> Unsupported = ["vmware", "packet", "tftp"];

    /// <summary>
    /// Parses the entries in order. Names are matched without case; an entry is split at its first colon
    /// (<c>url:http://h/x</c> → <c>url</c> + <c>http://h/x</c>). <c>*</c> expands to <see cref="Wildcard"/>.
    /// Duplicates keep their first position. Unknown, unsupported and argument-less <c>url</c>/<c>file</c>
    /// entries are left out and described in <paramref name="problems"/>.
    /// </summary>
    public static IReadOnlyList<DatasourceSpec> Parse(IEnumerable<string> entries, out IReadOnlyList<string> problems)
    {
        var specs = new List<DatasourceSpec>();
        var issues = new List<string>();
        foreach (var raw in entries)
        {
            var entry = raw.Trim();
            if (entry.Length == 0)
            {
                continue;
            }
            if (entry == "*")
            {
                foreach (var name in Wildcard)
                {
                    Add(specs, new DatasourceSpec(name, null));
                }
                continue;
            }
            var colon = entry.IndexOf(':');
            var kind = (colon < 0 ? entry : entry[..colon]).ToLowerInvariant();
            var argument = colon < 0 ? null : entry[(colon + 1)..];
            if (string.IsNullOrWhiteSpace(argument))
            {
                argument = null;
            }
            if (Unsupported.Contains(kind))
            {
                issues.Add($"Datasource '{entry}' is not supported by InitOS, skipping");
            }
            else if (!Supported.Contains(kind))
            {
                issues.Add($"Unknown datasource '{entry}', skipping");
            }
            else if (argument is null && kind is "url" or "file")
            {
                issues.Add($"Datasource '{entry}' needs an argument ({kind}:…), skipping");
            }
            else
            {
                Add(specs, new DatasourceSpec(kind, argument));
            }
        }
        problems = issues;
        return specs;
    }

    private static void Add(List<DatasourceSpec> specs, DatasourceSpec spec)
    {
        if (!specs.Contains(spec))
        {
            specs.Add(spec);
        }
    }
}
