using System.Globalization;

namespace InitOS.Core.Datasources;

/// <summary>Turns parsed <see cref="DatasourceSpec"/>s into probe-able datasources.</summary>
public static class DatasourceFactory
{
    /// <summary>The default per-request HTTP timeout.</summary>
    public static readonly TimeSpan DefaultRequestTimeout = TimeSpan.FromSeconds(2);

    /// <summary>
    /// The datasources for <paramref name="specs"/>, in order. With no spec at all, a local config drive
    /// (<c>config-2</c>) and a NoCloud <c>cidata</c> volume are looked for by label.
    /// </summary>
    public static IReadOnlyList<IDatasource> Create(IReadOnlyList<DatasourceSpec> specs, DatasourceContext context)
    {
        if (specs.Count == 0)
        {
            return
            [
                new ConfigDriveDatasource(context.Volumes, null, "configdrive (detected by label)"),
                new NoCloudDatasource(context.Volumes, context.Fetcher, null, context.RequestTimeout, "nocloud (detected by label)"),
            ];
        }
        return specs.Select(spec => Create(spec, context)).ToList();
    }

    /// <summary>One datasource for one spec.</summary>
    public static IDatasource Create(DatasourceSpec spec, DatasourceContext context)
    {
        var name = spec.ToString();
        var arg = spec.Argument;
        var timeout = context.RequestTimeout;
        return spec.Name switch
        {
            "configdrive" => new ConfigDriveDatasource(context.Volumes, arg, name),
            "nocloud" or "cidata" => new NoCloudDatasource(context.Volumes, context.Fetcher, arg, timeout, name),
            "proxmox" => new NoCloudDatasource(context.Volumes, context.Fetcher, arg ?? "/dev/sr0", timeout, name),
            "file" => new FileDatasource(context.Volumes, arg!),
            "url" => new UrlDatasource(context.Fetcher, arg!, timeout),
            "cmdline" => new CmdlineDatasource(context.Fetcher, context.Cmdline, timeout),
            "ec2" => new Ec2Datasource(context.Fetcher, arg, timeout, name),
            "openstack" => new OpenStackDatasource(context.Fetcher, arg, timeout, name),
            "gce" => new GceDatasource(context.Fetcher, arg, timeout, name),
            "digitalocean" => new DigitalOceanDatasource(context.Fetcher, arg, timeout, name),
            "azure" => new AzureDatasource(context.Fetcher, arg, timeout, name),
            "exoscale" => new SimpleTreeDatasource(context.Fetcher, arg ?? "http://169.254.169.254/1.0/", TreeLayout.Exoscale, timeout, name),
            "aliyun" => new SimpleTreeDatasource(context.Fetcher, arg ?? "http://100.100.100.200/2016-01-01/", TreeLayout.Aliyun, timeout, name),
            "cloudstack" => new SimpleTreeDatasource(context.Fetcher, arg ?? CloudStackUrl(context.RouteTable), TreeLayout.CloudStack, timeout, name),
            _ => throw new ArgumentException($"Datasource '{spec.Name}' is not supported", nameof(spec)),
        };
    }

    /// <summary>
    /// CloudStack's metadata server: the default gateway from <c>/proc/net/route</c>
    /// (<c>http://&lt;gateway&gt;/latest/</c>); the link-local address when there is no default route.
    /// </summary>
    public static string CloudStackUrl(string? routeTable)
    {
        var gateway = DefaultGateway(routeTable);
        return $"http://{gateway ?? "169.254.169.254"}/latest/";
    }

    /// <summary>The IPv4 default gateway in a <c>/proc/net/route</c> table (hex, little-endian); <c>null</c> when none.</summary>
    public static string? DefaultGateway(string? routeTable)
    {
        foreach (var line in (routeTable ?? "").Split('\n').Skip(1))
        {
            var fields = line.Split((char[])['\t', ' '], StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length > 2 && fields[1] == "00000000"
                && uint.TryParse(fields[2], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var gw) && gw != 0)
            {
                return $"{gw & 0xff}.{(gw >> 8) & 0xff}.{(gw >> 16) & 0xff}.{gw >> 24}";
            }
        }
        return null;
    }
}
