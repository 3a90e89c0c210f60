namespace InitOS.Core.Services;

/// <summary>What the engine is asked to create: the compose fields InitOS supports, engine-neutral.</summary>
public sealed record ContainerSpec
{
    /// <summary>Container name (the service's map key).</summary>
    public required string Name { get; init; }
    /// <summary>Image reference.</summary>
    public required string Image { get; init; }
    /// <summary>Command; null = the image's.</summary>
    public IReadOnlyList<string>? Command { get; init; }
    /// <summary>Entrypoint; null = the image's.</summary>
    public IReadOnlyList<string>? Entrypoint { get; init; }
    /// <summary>Environment as <c>K=V</c>, sorted by key.</summary>
    public IReadOnlyList<string> Environment { get; init; } = [];
    /// <summary>Labels (including the orchestrator's).</summary>
    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();
    /// <summary>Host bind mounts <c>src:dst[:opts]</c>.</summary>
    public IReadOnlyList<string> Binds { get; init; } = [];
    /// <summary>Anonymous volumes (container paths).</summary>
    public IReadOnlyList<string> Volumes { get; init; } = [];
    /// <summary>Containers whose volumes this one mounts (<c>name[:ro]</c>).</summary>
    public IReadOnlyList<string> VolumesFrom { get; init; } = [];
    /// <summary>Device mappings <c>host[:container[:perms]]</c>.</summary>
    public IReadOnlyList<string> Devices { get; init; } = [];
    /// <summary>Capabilities to add.</summary>
    public IReadOnlyList<string> CapAdd { get; init; } = [];
    /// <summary>Capabilities to drop.</summary>
    public IReadOnlyList<string> CapDrop { get; init; } = [];
    /// <summary>Security options.</summary>
    public IReadOnlyList<string> SecurityOpt { get; init; } = [];
    /// <summary>DNS servers.</summary>
    public IReadOnlyList<string> Dns { get; init; } = [];
    /// <summary>Extra /etc/hosts lines <c>host:ip</c>.</summary>
    public IReadOnlyList<string> ExtraHosts { get; init; } = [];
    /// <summary>Network mode (<c>host</c>, <c>none</c>, <c>container:x</c>); null = engine default.</summary>
    public string? NetworkMode { get; init; }
    /// <summary>PID namespace mode (<c>host</c>).</summary>
    public string? PidMode { get; init; }
    /// <summary>IPC namespace mode.</summary>
    public string? IpcMode { get; init; }
    /// <summary>UTS namespace mode.</summary>
    public string? UtsMode { get; init; }
    /// <summary>Privileged.</summary>
    public bool Privileged { get; init; }
    /// <summary>Read-only root filesystem.</summary>
    public bool ReadOnlyRootfs { get; init; }
    /// <summary>Allocate a TTY.</summary>
    public bool Tty { get; init; }
    /// <summary>Keep stdin open.</summary>
    public bool OpenStdin { get; init; }
    /// <summary>User to run as.</summary>
    public string? User { get; init; }
    /// <summary>Working directory.</summary>
    public string? WorkingDir { get; init; }
    /// <summary>Hostname.</summary>
    public string? Hostname { get; init; }
    /// <summary>Restart policy.</summary>
    public RestartPolicy Restart { get; init; } = RestartPolicy.No;
    /// <summary>Log driver; null = engine default.</summary>
    public string? LogDriver { get; init; }
    /// <summary>Log driver options.</summary>
    public IReadOnlyDictionary<string, string> LogOpts { get; init; } = new Dictionary<string, string>();
    /// <summary>Memory limit in bytes; 0 = none.</summary>
    public long MemoryLimit { get; init; }
    /// <summary>Relative CPU weight (<c>cpu_shares</c>, 2..262144, 1024 is the engine's default); 0 = the default.</summary>
    public long CpuShares { get; init; }
    /// <summary>
    /// OCI annotations for the runtime (<c>annotations</c>, compose spec; engine API 1.43+). The system services
    /// share one runc shim through <c>io.containerd.runc.v2.group</c>.
    /// </summary>
    public IReadOnlyDictionary<string, string> Annotations { get; init; } = new Dictionary<string, string>();
}
