namespace InitOS.Core.CloudInit;

/// <summary>Which part of cloud-init-execute runs (RancherOS's <c>-pre-console</c>/<c>-console</c>, plus <c>bootcmd</c>).</summary>
[Flags]
public enum ExecutePhase
{
    /// <summary>Nothing.</summary>
    None = 0,

    /// <summary><c>bootcmd</c>, early in the boot before the services start.</summary>
    Boot = 1,

    /// <summary><c>rancher.resize_device</c>, <c>rancher.sysctl</c>, <c>rancher.restart_services</c>, hostname and
    /// <c>/etc/hosts</c>, timezone, NTP.</summary>
    PreConsole = 2,

    /// <summary><c>ssh_authorized_keys</c> of <c>rancher</c> (and <c>docker</c> when the root has that user) into the
    /// shared <c>/home</c>, <c>write_files</c>, <c>mounts</c>, <c>runcmd</c>.</summary>
    Console = 4,

    /// <summary>
    /// <c>users</c>, <c>password</c>, <c>chpasswd</c>, <c>rancher.password</c>, <c>ssh_authorized_keys</c> (also the
    /// listed users' own keys): the
    /// accounts of the console, planned by <c>console-init</c> against the console's own <c>/etc</c> (login and sshd
    /// run there, so account files in the host root would reach nobody). Not part of <see cref="Default"/>.
    /// </summary>
    Accounts = 8,

    /// <summary>
    /// <c>rancher.sysctl</c> alone (also part of <see cref="PreConsole"/>): <c>console-init</c> applies it at every
    /// console start, so <c>ros config set rancher.sysctl...</c> then <c>system-docker restart console</c> takes effect
    /// without a reboot. Not part of <see cref="Default"/>.
    /// </summary>
    Sysctl = 16,

    /// <summary>What RancherOS ran without a flag: pre-console then console.</summary>
    Default = PreConsole | Console,
}
