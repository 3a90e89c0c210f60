namespace InitOS.Boot;

/// <summary>Facts fixed at start-up.</summary>
/// <param name="Version">The OS version (<c>v0.1.0</c>).</param>
/// <param name="ContainerMode">
/// True when not running as PID 1 (a test harness or a container): no kernel mounts, no state
/// partition, no reboot(2) — the process exits at the end of a shutdown instead.
/// </param>
/// <param name="DockerProgram">The dockerd binary.</param>
/// <param name="ContainerdProgram">The containerd binary started before the system dockerd.</param>
public sealed record InitOptions(string Version, bool ContainerMode, string DockerProgram = "dockerd", string ContainerdProgram = "containerd");
