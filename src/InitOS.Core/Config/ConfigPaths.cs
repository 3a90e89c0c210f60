namespace InitOS.Core.Config;

/// <summary>The system paths of the configuration (relative to the system root).</summary>
public static class ConfigPaths
{
    /// <summary>The built-in defaults, lowest layer.</summary>
    public const string OsConfig = "/usr/share/ros/os-config.yml";

    /// <summary>The OEM layer.</summary>
    public const string OemConfig = "/usr/share/ros/oem/oem-config.yml";

    /// <summary>The configuration directory.</summary>
    public const string ConfDir = "/var/lib/rancher/conf";

    /// <summary>Extra layers, applied in byte order of their names; dot-files skipped.</summary>
    public const string CloudConfigDir = "/var/lib/rancher/conf/cloud-config.d";

    /// <summary>The user layer: the only file <c>ros config set/merge</c> write.</summary>
    public const string UserConfig = "/var/lib/rancher/conf/cloud-config.yml";

    /// <summary>The lock serialising writers of <see cref="UserConfig"/>.</summary>
    public const string UserConfigLock = "/var/lib/rancher/conf/.cloud-config.lock";

    /// <summary>Datasource meta-data, filling gaps in the merged config.</summary>
    public const string Metadata = "/var/lib/rancher/conf/metadata";

    /// <summary>The elided kernel arguments, written by the init.</summary>
    public const string InitLayer = "/var/lib/rancher/conf/cloud-config.d/init.yml";

    /// <summary>The kernel command line.</summary>
    public const string Cmdline = "/proc/cmdline";
}
