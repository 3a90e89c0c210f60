namespace InitOS.Core.Control;

/// <summary>The init's own state.</summary>
/// <param name="Version">The running InitOS version (os-release VERSION_ID, without a leading v).</param>
/// <param name="BootedSlot">The slot the boot loader booted (<c>A</c>, <c>B</c>), empty when not installed.</param>
/// <param name="Phase"><c>booting</c>, <c>running</c> or <c>stopping</c>.</param>
/// <param name="UptimeMs">Milliseconds since the kernel started.</param>
public sealed record InitStatus(string Version, string BootedSlot, string Phase, long UptimeMs);

/// <summary>One service as the init sees it.</summary>
/// <param name="Name">The service name (its container's name).</param>
/// <param name="Scope"><c>system</c> or <c>user</c>: the engine it runs on.</param>
/// <param name="State">
/// The container's state: <c>running</c>, <c>restarting</c>, <c>exited</c>, <c>created</c>, <c>paused</c>, <c>dead</c>,
/// or <c>absent</c> (defined, no container).
/// </param>
/// <param name="Image">The image it runs.</param>
/// <param name="Detail">A short human detail: <c>exit 0</c>, <c>one-shot</c>, <c>up 3 min</c>, or empty.</param>
/// <param name="Enabled">True when the configuration defines it (a container left from an older configuration is false).</param>
public sealed record ServiceState(string Name, string Scope, string State, string Image, string Detail, bool Enabled);

/// <summary>The jobs a service can be given (systemd's job types, plus compose's up, rm and pull).</summary>
public enum ServiceJob
{
    /// <summary>Start the existing container (create it first when there is none).</summary>
    Start,
    /// <summary>Stop the container (bounded by the shutdown timeout).</summary>
    Stop,
    /// <summary>Stop, then start.</summary>
    Restart,
    /// <summary>Create or recreate the container from the configuration (pulling the image when absent), then start it.</summary>
    Up,
    /// <summary>Stop and remove the container.</summary>
    Remove,
    /// <summary>Pull the service's image.</summary>
    Pull,
}

/// <summary>How a job ended (systemd's JobRemoved results).</summary>
/// <param name="Result"><c>done</c>, <c>failed</c>, <c>canceled</c>, <c>timeout</c> or <c>skipped</c>.</param>
/// <param name="Message">One line for the user (empty on plain success).</param>
public sealed record JobOutcome(string Result, string Message)
{
    /// <summary>A job that did what it was asked.</summary>
    public static JobOutcome Done(string message = "") => new("done", message);

    /// <summary>A job that did not.</summary>
    public static JobOutcome Failed(string message) => new("failed", message);

    /// <summary>True for <c>done</c>.</summary>
    public bool Succeeded => Result == "done";
}

/// <summary>One step or milestone of the boot timeline.</summary>
/// <param name="Name">The step (<c>start-system-engine</c>), service (<c>service:console</c>) or milestone (<c>boot-done</c>).</param>
/// <param name="Kind"><c>step</c>, <c>service</c> or <c>mark</c>.</param>
/// <param name="StartMs">Uptime at its start (a mark: when it happened).</param>
/// <param name="DurationMs">How long it took (0 for a mark).</param>
/// <param name="Result"><c>ok</c>, <c>degraded</c>, <c>failed</c> (empty for a mark).</param>
public sealed record BootMark(string Name, string Kind, long StartMs, long DurationMs, string Result);
