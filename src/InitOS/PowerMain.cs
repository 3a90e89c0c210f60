using InitOS.Core.Boot;
using InitOS.Platform.Linux;

namespace InitOS;

/// <summary>The <c>reboot</c>, <c>poweroff</c>, <c>halt</c> and <c>shutdown</c> personalities: ask PID 1
/// for an orderly shutdown with a signal, or with <c>-f</c> sync and call reboot(2) at once.</summary>
public static class PowerMain
{
    /// <summary>Runs the command <paramref name="name"/>.</summary>
    public static int Run(string name, string[] args)
    {
        PowerCommand command;
        try
        {
            command = PowerCommand.Parse(name, args);
        }
        catch (FormatException e)
        {
            Console.Error.WriteLine(e.Message);
            return 2;
        }
        var syscalls = new LinuxSyscalls();
        if (command.Force)
        {
            syscalls.Sync();
            var r = syscalls.Reboot(command.Action);
            Console.Error.WriteLine(r.ErrnoName == "EPERM" ? MustBeRoot(name) : $"{name}: reboot(2) failed: {r.ErrnoName}");
            return 1;
        }
        var signal = SignalPolicy.SignalFor(command.Action);
        var result = syscalls.Kill(1, (int)signal);
        if (!result.IsOk)
        {
            Console.Error.WriteLine(result.ErrnoName == "EPERM" ? MustBeRoot(name) : $"{name}: cannot signal PID 1: {result.ErrnoName}");
            return 1;
        }
        return 0;
    }

    /// <summary>What a user without the right to signal PID 1 is told (EPERM).</summary>
    public static string MustBeRoot(string name) => $"{name}: must be root (permission denied; try 'sudo {name}')";
}
