using InitOS.Core.Config;

namespace InitOS.Core.CloudInit;

/// <summary>The files cloud-init-save writes (system paths, RancherOS's locations).</summary>
public static class CloudInitPaths
{
    /// <summary>User-data cloud-config, a layer of the merged config.</summary>
    public const string BootYml = ConfigPaths.CloudConfigDir + "/boot.yml";

    /// <summary>Network part of the meta-data, as <c>{rancher: {network: …}}</c>.</summary>
    public const string NetworkYml = ConfigPaths.CloudConfigDir + "/network.yml";

    /// <summary>User-data that was a <c>#!</c> script.</summary>
    public const string Script = ConfigPaths.ConfDir + "/cloud-config-script";

    /// <summary>Datasource meta-data.</summary>
    public const string Metadata = ConfigPaths.Metadata;

    /// <summary>Mode of every saved file: owner read/write only.</summary>
    public const UnixFileMode FileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>Mode of the saved script: owner read/write/execute only.</summary>
    public const UnixFileMode ScriptMode = FileMode | UnixFileMode.UserExecute;

    /// <summary>Mode of the directories created for them.</summary>
    public const UnixFileMode DirectoryMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
}
