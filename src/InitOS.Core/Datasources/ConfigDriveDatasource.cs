using InitOS.Core.Ports;

namespace InitOS.Core.Datasources;

/// <summary>
/// An OpenStack config drive (<c>configdrive[:/path]</c>, default <c>/media/config-2</c>): read from the
/// directory when a drive is already mounted there, else from the block device labelled <c>config-2</c>,
/// mounted read-only for the read.
/// </summary>
public sealed class ConfigDriveDatasource : IDatasource
{
    /// <summary>RancherOS's default mount point.</summary>
    public const string DefaultPath = "/media/config-2";

    /// <summary>The filesystem label of a config drive.</summary>
    public const string Label = "config-2";

    private readonly IConfigVolumes _volumes;
    private readonly string _path;

    /// <summary>Creates the datasource; <paramref name="path"/> <c>null</c> means <see cref="DefaultPath"/>.</summary>
    public ConfigDriveDatasource(IConfigVolumes volumes, string? path, string name = "configdrive")
    {
        _volumes = volumes;
        _path = path ?? DefaultPath;
        Name = name;
    }

    /// <inheritdoc/>
    public string Name { get; }

    /// <inheritdoc/>
    public Task<ProbeAttempt> TryFetchAsync(CancellationToken cancellationToken)
    {
        string[] wanted = [OpenStackMetadata.MetaDataPath, OpenStackMetadata.UserDataPath, OpenStackMetadata.NetworkDataPath];
        var files = _volumes.ReadFiles(_path, wanted);
        var source = _path;
        if (!files.ContainsKey(OpenStackMetadata.MetaDataPath))
        {
            var device = _volumes.FindDeviceByLabel(Label);
            if (device is null)
            {
                return Task.FromResult(ProbeAttempt.Absent($"No config drive at '{_path}' and no volume labelled '{Label}'"));
            }
            files = _volumes.ReadFiles(device, wanted);
            source = device;
        }
        if (!files.TryGetValue(OpenStackMetadata.MetaDataPath, out var meta))
        {
            return Task.FromResult(ProbeAttempt.Failed($"Config drive '{source}' has no {OpenStackMetadata.MetaDataPath}"));
        }
        var metadata = OpenStackMetadata.Parse(meta, files.GetValueOrDefault(OpenStackMetadata.NetworkDataPath));
        return Task.FromResult(ProbeAttempt.Found(new DatasourceResult(Name, files.GetValueOrDefault(OpenStackMetadata.UserDataPath), metadata)));
    }
}
