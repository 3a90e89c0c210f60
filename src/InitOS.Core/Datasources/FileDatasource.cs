using InitOS.Core.Ports;

namespace InitOS.Core.Datasources;

/// <summary>User-data from a local file (<c>file:PATH</c>); no meta-data.</summary>
public sealed class FileDatasource : IDatasource
{
    private readonly IConfigVolumes _volumes;
    private readonly string _path;

    /// <summary>Creates the datasource.</summary>
    public FileDatasource(IConfigVolumes volumes, string path)
    {
        _volumes = volumes;
        _path = path;
        Name = "file:" + path;
    }

    /// <inheritdoc/>
    public string Name { get; }

    /// <inheritdoc/>
    public Task<ProbeAttempt> TryFetchAsync(CancellationToken cancellationToken)
    {
        var bytes = _volumes.ReadFile(_path);
        return Task.FromResult(bytes is null
            ? ProbeAttempt.Absent($"'{_path}' does not exist")
            : ProbeAttempt.Found(new DatasourceResult(Name, bytes, InstanceMetadata.Empty)));
    }
}
