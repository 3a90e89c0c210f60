using System.CommandLine;

namespace InitOS.Ros.Os;

/// <summary>
/// <c>ros os</c>: version, list, upgrade, rollback (the work is in <see cref="OsActions"/>). Upgrade and rollback run
/// as transactions of the init's control API when the init answers, in this process otherwise.
/// </summary>
public static class OsCommand
{
    /// <summary>Builds the <c>os</c> command.</summary>
    public static Command Build(RosContext context)
    {
        var os = new Command("os", "Show, upgrade and roll back the installed InitOS (two boot slots, A and B).");

        var version = new Command("version", "Print the running version; on an installed system also both slots and the last failed upgrade.");
        version.SetAction(_ => Guard(context, a => a.Version()));
        os.Subcommands.Add(version);

        var list = new Command("list", "List the OS images of the release index at rancher.upgrade.url, marking the running, the installed and the current one.");
        list.SetAction((_, ct) => GuardAsync(context, a => a.ListAsync(ct)));
        os.Subcommands.Add(list);

        var image = new Option<string?>("--image", "-i") { Description = "The OS image to upgrade to (default: the release index's current one); pulled by the system engine when absent." };
        var force = new Option<bool>("--force", "-f") { Description = "Do not ask; also rewrite the running version." };
        var noReboot = new Option<bool>("--no-reboot") { Description = "Do not reboot after writing the new version." };
        var stage = new Option<bool>("--stage", "-s") { Description = "Only pull the image into the system engine; write nothing." };
        var append = new Option<string?>("--append", "-a") { Description = "Kernel arguments for both slots from now on (replacing those given to 'ros install -a')." };
        var upgrade = new Command("upgrade", "Write the OS image into the inactive slot and boot it next, on trial: it is kept only when it comes up healthy (services up, user engine answering, rancher.upgrade.health_check), otherwise GRUB returns to the running version by itself.")
        {
            image, force, noReboot, stage, append,
        };
        upgrade.SetAction((p, ct) => GuardAsync(context, a => a.UpgradeThroughInitAsync(
            new UpgradeOptions(p.GetValue(image), p.GetValue(force), p.GetValue(noReboot), p.GetValue(stage), p.GetValue(append))
            {
                AssumeYes = p.GetValue(force),
            }, ct)));
        os.Subcommands.Add(upgrade);

        var rollbackForce = new Option<bool>("--force", "-f") { Description = "Do not ask; also roll back to a slot that failed its trial." };
        var rollback = new Command("rollback", "Boot the other slot's version from the next boot on (no reboot is done).") { rollbackForce };
        rollback.SetAction((p, ct) => GuardAsync(context, a => a.RollbackThroughInitAsync(p.GetValue(rollbackForce), ct)));
        os.Subcommands.Add(rollback);
        return os;
    }

    private static int Guard(RosContext context, Func<OsActions, int> action) =>
        GuardAsync(context, a => Task.FromResult(action(a))).GetAwaiter().GetResult();

    private static Task<int> GuardAsync(RosContext context, Func<OsActions, Task<int>> action) =>
        GuardInstallAsync(context, host => action(new OsActions(context, host)));

    /// <summary>Runs an action; expected failures print "ros: ..." and exit 1, never a stack trace.</summary>
    internal static async Task<int> GuardInstallAsync(RosContext context, Func<OsHost, Task<int>> action)
    {
        try
        {
            return await RunAsync(context, action).ConfigureAwait(false);
        }
        catch (RosException e)
        {
            context.Error.WriteLine($"ros: {e.Message}");
            return e.ExitCode;
        }
    }

    /// <summary>Runs an action; every expected failure comes out as a <see cref="RosException"/> (its message without "ros: ").</summary>
    internal static async Task<int> RunAsync(RosContext context, Func<OsHost, Task<int>> action)
    {
        try
        {
            var host = context.Os ?? throw new RosException("not available in this build (no disk access)");
            return await action(host).ConfigureAwait(false);
        }
        catch (RosException)
        {
            throw;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException or ArgumentException or FormatException)
        {
            throw new RosException(e.Message);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // a failure nobody foresaw is still a message, not a stack trace; its type says where to look
            throw new RosException($"unexpected {e.GetType().Name}: {e.Message}");
        }
    }
}
