using static InitOS.Core.Config.Schema.SchemaNode;

namespace InitOS.Core.Config.Schema;

/// <summary>
/// The schema of the cloud-config: every key RancherOS's typed config has (reference §4.10–4.11, §5.4, §9),
/// plus the cloud-init keys InitOS applies and InitOS's own extensions under <c>rancher.</c>.
/// Objects are closed (unknown keys are reported by <c>validate</c>); maps are free-form.
/// </summary>
public static class ConfigSchema
{
    /// <summary>The schema of one Docker daemon (<c>rancher.docker</c>, <c>system_docker</c>, <c>bootstrap_docker</c>).</summary>
    public static readonly SchemaNode Docker = Object(
        ("engine", Str), ("tls", Bool), ("tls_args", StrList), ("extra_args", StrList),
        ("server_cert", Str), ("server_key", Str), ("ca_cert", Str), ("ca_key", Str),
        ("environment", StrList), ("storage_context", Str), ("exec", Bool),
        ("bridge", Str), ("bip", Str), ("config_file", Str), ("containerd", Str), ("exec_root", Str),
        ("group", Str), ("graph", Str), ("data_root", Str), ("pid_file", Str), ("log_driver", Str),
        ("storage_driver", Str), ("registry_mirror", Str), ("mtu", Int),
        ("debug", TriBool), ("live_restore", TriBool), ("selinux_enabled", TriBool),
        ("userland_proxy", TriBool), ("restart", TriBool), ("userns_enabled", TriBool), ("iptables", TriBool),
        ("host", StrList), ("insecure_registry", StrList), ("log_opts", MapOf(Str)));

    /// <summary>One network interface (§9).</summary>
    public static readonly SchemaNode Interface = Object(
        ("match", Str), ("dhcp", Bool), ("dhcp_args", Str), ("address", Str), ("addresses", StrList),
        ("ipv4ll", Bool), ("gateway", Str), ("gateway_ipv6", Str), ("mtu", Int), ("bridge", Str),
        ("bond", Str), ("bond_opts", MapOf(Str)), ("vlans", Str), ("pre_up", StrList), ("post_up", StrList),
        ("wifi_network", Str));

    /// <summary><c>rancher.network</c> (§9).</summary>
    public static readonly SchemaNode Network = Object(
        ("pre_cmds", StrList), ("post_cmds", StrList), ("dhcp_timeout", Int),
        ("dns", Object(("nameservers", StrList), ("search", StrList), ("options", StrList)) with { FreeFormInValidate = true }),
        ("interfaces", MapOf(Interface)),
        ("http_proxy", Str), ("https_proxy", Str), ("no_proxy", Str),
        ("wifi_networks", MapOf(Any)), ("modem_networks", MapOf(Any)));

    /// <summary><c>rancher.state</c>.</summary>
    public static readonly SchemaNode State = Object(
        ("directory", Str), ("fstype", Str), ("dev", Str), ("wait", Bool), ("required", Bool),
        ("autoformat", StrList), ("mdadm_scan", Bool), ("lvm_scan", Bool), ("cryptsetup", Bool),
        ("rngd", Bool), ("script", Str), ("oem_fstype", Str), ("oem_dev", Str), ("boot_fstype", Str),
        ("boot_dev", Str));

    /// <summary>The <c>rancher</c> section.</summary>
    public static readonly SchemaNode Rancher = Object(
        ("console", Str), ("environment", MapOf(Str)),
        ("services", MapOf(Any)), ("bootstrap", MapOf(Any)), ("cloud_init_services", MapOf(Any)),
        ("services_include", MapOf(Bool)),
        ("bootstrap_docker", Docker), ("system_docker", Docker), ("docker", Docker),
        ("cloud_init", Object(("datasources", StrList))),
        ("debug", Bool), ("log", Bool), ("rm_usr", Bool), ("no_sharedroot", Bool),
        ("force_console_rebuild", Bool), ("recovery", Bool), ("preload_wait", Bool),
        ("disable", StrList), ("modules", StrList), ("network", Network),
        ("repositories", MapOf(Object(("url", Str)))),
        ("ssh", Object(("keys", MapOf(Str)), ("daemon", Bool), ("port", Int), ("listen_address", Str))),
        ("state", State),
        ("upgrade", Object(("url", Str), ("image", Str), ("rollback", Str), ("policy", Str),
            // InitOS extensions: the trial boot of a new version (issue 9)
            ("tries", Int), ("health_timeout", Int), ("health_check", Str))),
        ("registry_auths", MapOf(MapOf(Str))),
        ("defaults", Object(("hostname", Str), ("docker", Object(("engine", Str))), ("network", Network),
            ("system_docker_logs", Str))),
        ("resize_device", Str), ("sysctl", MapOf(Str)), ("restart_services", StrList),
        ("hypervisor_service", Bool), ("shutdown_timeout", Int), ("http_load_retries", Int),
        ("autoformat", MapOf(Any)),
        // InitOS extensions
        ("container_mode", Bool), ("test", Bool),
        ("syslog", Object(("remote", StrList), ("rotate_size_kb", Int), ("rotate_count", Int))));

    /// <summary>One <c>write_files</c> entry.</summary>
    public static readonly SchemaNode WriteFile = Object(
        ("path", Str), ("content", Str), ("encoding", Str), ("owner", Str), ("permissions", Str),
        ("container", Str), ("append", Bool));

    /// <summary>The whole cloud-config.</summary>
    public static readonly SchemaNode Root = Object(
        ("hostname", Str), ("ssh_authorized_keys", ListOf(Str, unique: true)),
        ("write_files", ListOf(WriteFile)), ("mounts", ListOf(StrList)),
        ("runcmd", ListOf(StrOrList)), ("bootcmd", ListOf(StrOrList)),
        ("rancher", Rancher),
        // the common cloud-init subset InitOS applies (RancherOS ignored these)
        ("users", ListOf(Any)), ("password", Str), ("chpasswd", MapOf(Any)), ("ssh_pwauth", Any),
        ("timezone", Str), ("ntp", MapOf(Any)), ("manage_etc_hosts", Any));

    /// <summary>The schema node at a key path, or null when the path leaves the schema.</summary>
    public static SchemaNode? At(IReadOnlyList<string> path)
    {
        SchemaNode? node = Root;
        foreach (var part in path)
        {
            node = node?.Child(part);
            if (node is null)
            {
                return null;
            }
        }
        return node;
    }
}
