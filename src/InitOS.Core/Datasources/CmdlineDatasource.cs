namespace InitOS.Core.Datasources;

/// <summary>
/// User-data from the URL named on the kernel command line by <c>cloud-config-url=</c> (or
/// <c>cloud_config_url=</c>); the last one wins.
/// </summary>
public sealed class CmdlineDatasource : IDatasource
{
    private readonly Ports.IMetadataFetcher _fetcher;
    private readonly string _cmdline;
    private readonly TimeSpan _requestTimeout;

    /// <summary>Creates the datasource over the text of <c>/proc/cmdline</c>.</summary>
    public CmdlineDatasource(Ports.IMetadataFetcher fetcher, string cmdline, TimeSpan requestTimeout)
    {
        _fetcher = fetcher;
        _cmdline = cmdline;
        _requestTimeout = requestTimeout;
    }

    /// <inheritdoc/>
    public string Name => "cmdline";

    /// <summary>The URL the command line names; <c>null</c> when there is none.</summary>
    public static string? FindUrl(string cmdline)
    {
        string? url = null;
        foreach (var token in cmdline.Split((char[])[' ', '\t', '\n'], StringSplitOptions.RemoveEmptyEntries))
        {
            foreach (var prefix in (string[])["cloud-config-url=", "cloud_config_url="])
            {
                if (token.StartsWith(prefix, StringComparison.Ordinal))
                {
                    url = token[prefix.Length..].Trim('"');
                }
            }
        }
        return string.IsNullOrEmpty(url) ? null : url;
    }

    /// <inheritdoc/>
    public Task<ProbeAttempt> TryFetchAsync(CancellationToken cancellationToken)
    {
        var url = FindUrl(_cmdline);
        return url is null
            ? Task.FromResult(ProbeAttempt.Absent("No cloud-config-url= on the kernel command line"))
            : new UrlDatasource(_fetcher, url, _requestTimeout, Name).TryFetchAsync(cancellationToken);
    }
}
