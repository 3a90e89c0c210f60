namespace InitOS.Core.Boot;

/// <summary>What PID 1 does with each signal it owns.</summary>
public static class SignalPolicy
{
    /// <summary>
    /// The power action a signal asks for, or null when PID 1 only logs it: SIGTERM and SIGPWR power
    /// off, SIGINT (ctrl-alt-del) reboots, SIGUSR1 halts and SIGUSR2 powers off (busybox init's
    /// convention, which the <c>halt</c>/<c>poweroff</c> commands of other inits send).
    /// </summary>
    public static PowerAction? ActionFor(SystemSignal signal) => signal switch
    {
        SystemSignal.Terminate => PowerAction.PowerOff,
        SystemSignal.Power => PowerAction.PowerOff,
        SystemSignal.Interrupt => PowerAction.Reboot,
        SystemSignal.User1 => PowerAction.Halt,
        SystemSignal.User2 => PowerAction.PowerOff,
        _ => null,
    };

    /// <summary>The signal a power command sends to PID 1 to ask for <paramref name="action"/>.</summary>
    public static SystemSignal SignalFor(PowerAction action) => action switch
    {
        PowerAction.Reboot => SystemSignal.Interrupt,
        PowerAction.Halt => SystemSignal.User1,
        _ => SystemSignal.Terminate,
    };
}
