namespace InitOS.Core.Boot;

/// <summary>
/// The boot as data (issue 10): every phase and step, what each step's failure means and which steps it needs.
/// The phases run one after the other; inside a phase every step whose needs have finished starts at once
/// (<see cref="BootSchedule.Ready"/>), so steps with no input in common run in parallel. The runtime supplies one
/// action per step name and nothing else; <see cref="BootSchedule.Validate"/> rejects unknown needs, cycles and
/// duplicates.
/// </summary>
/// <remarks>
/// A need is declared when the step reads what the other writes (a mount, a file, the settings, a field of the
/// runtime) or must come after it for the log to say what it said before (the kernel log), and whenever in doubt.
/// Needs on an earlier phase's steps are documentation: the phase barrier already orders them.
/// </remarks>
/// <param name="Phases">The phases, in boot order.</param>
public sealed record BootPlan(IReadOnlyList<BootPhase> Phases)
{
    /// <summary>The first phase: the kernel's filesystems, the logs, the configuration, the modules, the system image.</summary>
    public const string EarlyPhase = "early";

    /// <summary>The second phase: the state partition, the boot partition and what persists; the configuration again.</summary>
    public const string StatePhase = "state";

    /// <summary>The last phase: the system engine, its images and the system services.</summary>
    public const string SystemPhase = "system";

    /// <summary>
    /// The plan of this boot. Two kinds depend on the host: <c>mount-early</c> is best effort in container mode
    /// (there is nothing of ours to mount), <c>mount-state</c> is required only with <c>rancher.state.required</c>.
    /// </summary>
    /// <param name="containerMode">PID 1 runs in a container (tests, development).</param>
    /// <param name="stateRequired">No state partition is a boot failure.</param>
    public static BootPlan Create(bool containerMode, bool stateRequired)
    {
        const StepKind R = StepKind.Required;
        const StepKind B = StepKind.BestEffort;
        static PlannedStep Step(string name, StepKind kind, string title, params string[] needs) => new(name, kind, title, needs);
        return new BootPlan(
        [
            new BootPhase(EarlyPhase,
            [
                // /proc, /sys, /dev, /run, cgroup2, the directories and links everything after assumes
                Step("mount-early", containerMode ? B : R, "Mounted early filesystems"),
                // the socket lives under /run; nothing reads what the API does during the boot
                Step("serve-control", B, "Serving the control API on /run/initos/control.sock", "mount-early"),
                // /dev/kmsg is on devtmpfs
                Step("open-kmsg", B, "Opened the kernel log", "mount-early"),
                // /proc/cmdline; after open-kmsg so that the (info) line reaches the kernel log as before
                Step("read-cmdline", B, "Read the kernel command line", "mount-early", "open-kmsg"),
                // /proc/cmdline is a layer; its warnings belong in the kernel log; writes the settings every later step reads
                Step("load-config", R, "Loaded the configuration", "mount-early", "open-kmsg"),
                // rancher.modules comes from the settings; starts the engines' modules in the background
                // (awaited by start-system-engine)
                Step("load-modules", B, "Loaded kernel modules", "mount-early", "load-config"),
                // a loop mount of a squashfs: the loop and squashfs modules; writes the shutdown's unmounts
                Step("mount-system", R, "Mounted the system image", "mount-early", "load-modules"),
            ]),
            new BootPhase(StatePhase,
            [
                // rancher.state.*; the disk drivers and ext4 of load-modules
                Step("mount-state", stateRequired ? R : B, "Mounted the state partition", "load-config", "load-modules"),
                // initos.slot= of /proc/cmdline, a label on the disks, a mount under /run: nothing of the state partition
                Step("mount-boot", B, "Mounted the boot partition", "mount-early", "load-modules"),
                // binds from the mounted state partition
                Step("bind-persistent", B, "Bound persistent directories", "load-config", "mount-state"),
                // saves the datasources' cloud-config under /var/lib/rancher/conf, on the state partition
                Step("cloud-init-save", B, "Saved the cloud-config of the datasources", "mount-state", "bind-persistent"),
                // the persistent configuration and what cloud-init-save wrote; writes the settings again
                Step("reload-config", R, "Loaded the persistent configuration", "bind-persistent", "cloud-init-save"),
                // the operator's commands run on the host as it is now, every mount of this phase in place
                Step("cloud-init-bootcmd", B, "Ran the cloud-config bootcmd", "reload-config", "mount-boot"),
            ]),
            new BootPhase(SystemPhase,
            [
                // the settings, the engines' modules, the binaries of the system image, the data root on the state partition;
                // after bootcmd, as in RancherOS
                Step("start-system-engine", R, "Started the system engine", "load-modules", "mount-system", "bind-persistent", "reload-config", "cloud-init-bootcmd"),
                // loads into the engine just started (its client, its data root)
                Step("load-images", B, "Loaded system images", "start-system-engine"),
                // the services' images must be there before they are created
                Step("start-services", B, "Started system services", "start-system-engine", "load-images"),
                // the network service (second probe, restart) and runcmd after the services
                Step("cloud-init-execute", B, "Applied the cloud-config", "start-services"),
            ]),
        ]);
    }

    /// <summary>The phase called <paramref name="name"/>.</summary>
    /// <exception cref="ArgumentException">No such phase.</exception>
    public BootPhase Phase(string name) =>
        Phases.FirstOrDefault(p => p.Name == name) ?? throw new ArgumentException($"no boot phase '{name}'", nameof(name));

    /// <summary>Every step of every phase, in order.</summary>
    public IEnumerable<PlannedStep> Steps => Phases.SelectMany(p => p.Steps);
}
