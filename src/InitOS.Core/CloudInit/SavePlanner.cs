using InitOS.Core.Config;
using InitOS.Core.Datasources;

namespace InitOS.Core.CloudInit;

/// <summary>
/// Decides what cloud-init-save writes for a datasource's data:
/// <list type="bullet">
/// <item><c>metadata</c> — always, the meta-data YAML (addresses as text);</item>
/// <item><c>cloud-config.d/network.yml</c> — when the meta-data has a network part;</item>
/// <item><c>cloud-config.d/boot.yml</c> — only for a cloud-config that parsed and type-checked;</item>
/// <item><c>cloud-config-script</c> — for a <c>#!</c> script.</item>
/// </list>
/// Nothing is ever deleted: invalid or unrecognised user-data leaves the last good <c>boot.yml</c> in place.
/// </summary>
public static class SavePlanner
{
    /// <summary>The files to write, in order.</summary>
    public static IReadOnlyList<SaveFile> Plan(DatasourceResult result, UserDataPlan userData)
    {
        var files = new List<SaveFile>
        {
            new(CloudInitPaths.Metadata, YamlText.Write(result.Metadata.ToTree()), CloudInitPaths.FileMode),
        };
        if (result.Metadata.Network is { Count: > 0 } network)
        {
            var tree = new Dictionary<string, object?>(StringComparer.Ordinal)
            {
                ["rancher"] = new Dictionary<string, object?>(StringComparer.Ordinal) { ["network"] = network },
            };
            files.Add(new(CloudInitPaths.NetworkYml, YamlText.Write(tree), CloudInitPaths.FileMode));
        }
        if (userData.CloudConfig is { } cloudConfig)
        {
            files.Add(new(CloudInitPaths.BootYml, cloudConfig.EndsWith('\n') ? cloudConfig : cloudConfig + "\n", CloudInitPaths.FileMode));
        }
        if (userData.Script is { } script)
        {
            files.Add(new(CloudInitPaths.Script, script, CloudInitPaths.ScriptMode));
        }
        return files;
    }
}
