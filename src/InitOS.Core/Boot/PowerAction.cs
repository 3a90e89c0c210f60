namespace InitOS.Core.Boot;

/// <summary>What the machine does at the end of an orderly shutdown.</summary>
public enum PowerAction
{
    /// <summary>Restart the machine (reboot(2) RB_AUTOBOOT).</summary>
    Reboot,
    /// <summary>Switch the machine off (RB_POWER_OFF).</summary>
    PowerOff,
    /// <summary>Stop the CPU without powering off (RB_HALT_SYSTEM).</summary>
    Halt,
}
