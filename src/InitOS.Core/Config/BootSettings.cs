using InitOS.Core.Boot;
using InitOS.Core.Lifecycle;

namespace InitOS.Core.Config;

/// <summary>
/// Everything PID 1 takes from the merged configuration, typed, read once at the boundary (issue 12) by
/// <see cref="Read"/>: at <c>load-config</c>, at <c>reload-config</c> and on a reload through the control API. Each
/// value has a default, a range where it is a number, and its source (<see cref="Setting{T}"/>). A value that cannot
/// be used (wrong type, out of range, a bad list entry) is reported in <see cref="Diagnostics"/> with its source and
/// that key alone falls back to its default (or, for a number, to the nearest bound); nothing throws. The boot looks
/// nothing up by key: it reads these properties. A new instance holds the defaults (the boot before
/// <c>load-config</c>).
/// </summary>
public sealed partial record BootSettings
{
    /// <summary>Lowest shutdown watchdog, in seconds.</summary>
    public const long MinShutdownSeconds = 5;

    /// <summary>Highest shutdown watchdog, in seconds: an hour.</summary>
    public const long MaxShutdownSeconds = 3600;

    /// <summary>The shutdown watchdog when <c>rancher.shutdown_timeout</c> is unset (os-config.yml sets the same).</summary>
    public static TimeSpan DefaultShutdownTimeout { get; } = TimeSpan.FromSeconds(60);

    /// <summary><c>rancher.debug</c>: debug records on the console and the engines' debug (default false).</summary>
    public Setting<bool> Debug { get; init; } = new(false);

    /// <summary><c>rancher.recovery</c>: the recovery console after the early phase, on purpose (default false).</summary>
    public Setting<bool> Recovery { get; init; } = new(false);

    /// <summary><c>rancher.test</c> (InitOS extension): run the boot-test rig's guest once booted (default false).</summary>
    public Setting<bool> Test { get; init; } = new(false);

    /// <summary><c>rancher.shutdown_timeout</c>: how long a shutdown may take before the power action is forced
    /// (<see cref="MinShutdownSeconds"/>..<see cref="MaxShutdownSeconds"/> s, default
    /// <see cref="DefaultShutdownTimeout"/>).</summary>
    public Setting<TimeSpan> ShutdownTimeout { get; init; } = new(DefaultShutdownTimeout);

    /// <summary><c>rancher.modules</c>: kernel modules to load, each "name args…" (default none).</summary>
    public Setting<IReadOnlyList<string>> Modules { get; init; } = new([]);

    /// <summary><c>rancher.cloud_init.datasources</c>: the datasources to probe, RancherOS syntax (default none).</summary>
    public Setting<IReadOnlyList<string>> CloudInitDatasources { get; init; } = new([]);

    /// <summary><c>rancher.state</c>: where persistent data lives (default: no state device, run from memory).</summary>
    public Setting<StateSettings> State { get; init; } = new(StateSettings.FromConfig(null));

    /// <summary><c>rancher.system_docker</c>: the system engine's daemon keys over
    /// <see cref="SystemEnginePlan.Defaults"/> (default null: the defaults alone).</summary>
    public Setting<IReadOnlyDictionary<string, object?>?> SystemEngine { get; init; } = new(null);

    /// <summary><c>rancher.docker</c>: the user engine's daemon keys, for its command when the <c>docker</c> service
    /// has none (default empty).</summary>
    public Setting<IReadOnlyDictionary<string, object?>> UserEngine { get; init; } = new(new Dictionary<string, object?>());

    /// <summary><c>rancher.registry_auths</c>: registry → credentials for pulls (default null: none).</summary>
    public Setting<IReadOnlyDictionary<string, object?>?> RegistryAuths { get; init; } = new(null);

    /// <summary>What the system services are built from: definitions, includes, console and engine choice,
    /// registry domain.</summary>
    public ServiceInputs Services { get; init; } = new();

    /// <summary><c>rancher.network.http_proxy</c>, <c>https_proxy</c>, <c>no_proxy</c>: passed to the engines and
    /// services.</summary>
    public ProxySettings Proxy { get; init; } = new();

    /// <summary><c>rancher.upgrade</c>: the release index, image and trial boot (tries 1..<see cref="BootSlots.MaxTries"/>,
    /// health timeout <see cref="UpgradeSettings.MinHealthTimeoutSeconds"/>..<see cref="UpgradeSettings.MaxHealthTimeoutSeconds"/> s);
    /// the source is that of the <c>rancher.upgrade</c> map, a clamp is reported at its own key.</summary>
    public Setting<UpgradeSettings> Upgrade { get; init; } = new(UpgradeSettings.Default);

    /// <summary>The values that were unusable or clamped, each with its source; empty when every value applied.</summary>
    public IReadOnlyList<ConfigDiagnostic> Diagnostics { get; init; } = [];
}
