namespace InitOS.Core.Boot;

/// <summary>
/// The power commands (<c>reboot</c>, <c>poweroff</c>, <c>halt</c>, <c>shutdown</c>) parsed: which action
/// and whether to skip the orderly shutdown (<c>-f</c>). <c>shutdown</c> takes <c>-r</c>/<c>-h</c>/<c>-P</c>/<c>-H</c>
/// and only <c>now</c> or <c>+0</c> as the time, as RancherOS's did.
/// </summary>
/// <param name="Action">What to do.</param>
/// <param name="Force">True to sync and call reboot(2) at once instead of asking PID 1.</param>
public sealed record PowerCommand(PowerAction Action, bool Force)
{
    /// <summary>Parses <paramref name="args"/> of the command <paramref name="name"/>; throws <see cref="FormatException"/> with a usage message.</summary>
    public static PowerCommand Parse(string name, IReadOnlyList<string> args)
    {
        PowerAction action = name switch
        {
            "reboot" => PowerAction.Reboot,
            "halt" => PowerAction.Halt,
            "poweroff" or "shutdown" => PowerAction.PowerOff,
            _ => throw new FormatException($"{name}: not a power command"),
        };
        var force = false;
        foreach (var arg in args)
        {
            switch (arg)
            {
                case "-f" or "--force":
                    force = true;
                    break;
                case "-r" or "--reboot":
                    action = PowerAction.Reboot;
                    break;
                case "-h" or "-P" or "--poweroff":
                    action = PowerAction.PowerOff;
                    break;
                case "-H" or "--halt":
                    action = PowerAction.Halt;
                    break;
                case "now" or "+0" when name == "shutdown":
                    break;
                default:
                    throw new FormatException($"{name}: unsupported argument '{arg}' (usage: {name} [-f] [-r|-h|-P|-H]{(name == "shutdown" ? " [now|+0]" : "")})");
            }
        }
        return new PowerCommand(action, force);
    }
}
