using InitOS.Boot.Logging;

namespace InitOS.Boot.Steps;

/// <summary>
/// What every boot step type is given: the ports, the logger, the options and the shutdown (whose unmount list a
/// step that mounts adds to). What a step reads from another step comes in as its own argument, not through here.
/// </summary>
/// <param name="Ports">The adapters.</param>
/// <param name="Log">PID 1's logger.</param>
/// <param name="Options">Version, container mode, engine programs.</param>
/// <param name="Shutdown">The orderly shutdown (its <see cref="Shutdown.Unmounts"/>).</param>
public sealed record BootContext(InitPorts Ports, BootLogger Log, InitOptions Options, Shutdown Shutdown);
