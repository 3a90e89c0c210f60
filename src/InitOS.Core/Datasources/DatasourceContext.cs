using InitOS.Core.Ports;

namespace InitOS.Core.Datasources;

/// <summary>What datasources need from outside: the ports and the kernel text they consult.</summary>
/// <param name="Fetcher">HTTP to metadata services.</param>
/// <param name="Volumes">Config drives, cidata volumes and local files.</param>
/// <param name="Cmdline">Text of <c>/proc/cmdline</c> (for <c>cmdline</c>).</param>
/// <param name="RouteTable">Text of <c>/proc/net/route</c> (CloudStack finds its server at the default gateway).</param>
/// <param name="RequestTimeout">Bound for each HTTP request.</param>
public sealed record DatasourceContext(IMetadataFetcher Fetcher, IConfigVolumes Volumes, string Cmdline, string? RouteTable, TimeSpan RequestTimeout);
