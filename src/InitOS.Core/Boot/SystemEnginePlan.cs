namespace InitOS.Core.Boot;

/// <summary>Builds the system engine's launch from <c>rancher.system_docker</c> and the boot facts.</summary>
public static class SystemEnginePlan
{
    /// <summary>The system engine's socket.</summary>
    public const string Socket = "/var/run/system-docker.sock";

    /// <summary>The system engine's data root.</summary>
    public const string DataRoot = "/var/lib/system-docker";

    /// <summary>Where its log goes (unless <c>rancher.debug</c>, when it shares the console).</summary>
    public const string LogFile = "/var/log/system-docker.log";

    /// <summary>
    /// The keys InitOS sets when the config does not: socket, data root, exec root, pid file, no bridge, no iptables
    /// rules (the system services use the host's network; the rules' setup took 3.4 s of the engine's start), and
    /// <c>live_restore</c>, so a restart of the system engine (a crash, or the repair of its data root) keeps
    /// its containers — the user engine among them — running under containerd, which PID 1 runs apart.
    /// (dockerd refuses <c>--live-restore</c> only with swarm mode, which the system engine never joins.)
    /// </summary>
    public static IReadOnlyDictionary<string, object?> Defaults { get; } = new Dictionary<string, object?>
    {
        ["host"] = new List<object?> { "unix://" + Socket },
        ["data_root"] = DataRoot,
        ["exec_root"] = "/var/run/system-docker",
        ["pid_file"] = "/var/run/system-docker.pid",
        ["bridge"] = "none",
        ["iptables"] = false,
        ["group"] = "root",
        ["userland_proxy"] = false,
        ["live_restore"] = true,
    };

    /// <summary>
    /// The launch: defaults overlaid by <paramref name="config"/> (null = none), a containerd of its own
    /// unless the config names one (<c>containerd</c>), <c>DOCKER_RAMDISK=true</c>
    /// when the root filesystem is the initramfs (pivot_root is impossible there), the engine's
    /// <c>environment</c> list, and the log file unless <paramref name="debug"/>.
    /// </summary>
    public static EngineLaunch For(IReadOnlyDictionary<string, object?>? config, bool rootIsRamdisk, bool debug, string program = "dockerd", string containerdProgram = "containerd")
    {
        var merged = new Dictionary<string, object?>(Defaults, StringComparer.Ordinal);
        if (config != null)
        {
            foreach (var (key, value) in config)
            {
                if (value != null)
                {
                    merged[key] = value;
                }
            }
        }
        var execRoot = merged.TryGetValue("exec_root", out var e) && e is string root && root.Length > 0 ? root.TrimEnd('/') : "/var/run/docker";
        var dataRoot = merged.TryGetValue("data_root", out var d) && d is string data && data.Length > 0 ? data.TrimEnd('/') : DataRoot;
        EngineLaunch? containerd = null;
        if (!merged.TryGetValue("containerd", out var c) || c is not string { Length: > 0 })
        {
            // InitOS starts containerd itself and waits for it, then hands its socket to dockerd.
            var address = execRoot + "/containerd/containerd.sock";
            containerd = new EngineLaunch("system-containerd", containerdProgram,
                ["--address", address, "--root", dataRoot + "/containerd/daemon", "--state", execRoot + "/containerd/daemon", "--log-level", "warn"],
                [], address, debug ? null : LogFile) { OomScoreAdjust = EngineLaunch.SystemOomScoreAdjust };
            merged["containerd"] = address;
        }
        var env = new List<string>();
        if (rootIsRamdisk)
        {
            env.Add("DOCKER_RAMDISK=true");
        }
        env.AddRange(DockerDaemonArgs.Environment(merged));
        var socket = DockerDaemonArgs.UnixSocket(merged) ?? Socket;
        return new EngineLaunch("system-docker", program, DockerDaemonArgs.Build(merged), env, socket, debug ? null : LogFile)
        {
            StalePidFiles = [execRoot + "/containerd/containerd.pid"],
            OomScoreAdjust = EngineLaunch.SystemOomScoreAdjust,
            DataRoot = dataRoot,
            Containerd = containerd,
        };
    }
}
