namespace InitOS.Core.CloudInit;

/// <summary>Which part of cloud-init-execute runs (RancherOS's <c>-pre-console</c>/<c>-console</c>, plus <c>bootcmd</c>).</summary>
[Flags]
public enum ExecutePhase
{
    /// <summary>Nothing.</summary>
    None = 0,

    /// <summary><c>bootcmd</c>, early in the boot before the services start.</summary>
    Boot = 1,

    /// <summary><c>rancher.resize_device</c>, <c>rancher.sysctl</c>, <c>rancher.restart_services</c>, hostname, users,
    /// passwords, SSH settings, timezone, NTP, <c>/etc/hosts</c>.</summary>
    PreConsole = 2,

    /// <summary>SSH keys, <c>write_files</c>, <c>mounts</c>, <c>runcmd</c>, the user-data script.</summary>
    Console = 4,

    /// <summary>What RancherOS ran without a flag: pre-console then console.</summary>
    Default = PreConsole | Console,
}
