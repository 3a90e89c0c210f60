using InitOS.Core.Control;

namespace InitOS.Ros.Os;

public sealed partial class OsActions
{
    /// <summary>
    /// <c>ros os upgrade</c>: asks first (unless <c>-f</c>), then has the init run it as a transaction, printing its
    /// lines as they come, and reboots after a written upgrade as the in-process path does. When the init does not
    /// answer, runs it in this process (<see cref="UpgradeAsync"/>), saying so.
    /// </summary>
    public async Task<int> UpgradeThroughInitAsync(UpgradeOptions options, CancellationToken cancellationToken)
    {
        RequireRoot("os upgrade");
        if (await InitOrNullAsync("os upgrade", cancellationToken).ConfigureAwait(false) is not { } init)
        {
            return await UpgradeAsync(options, cancellationToken).ConfigureAwait(false);
        }
        if (!options.Stage && Booted() is null)
        {
            throw NotInstalled("os upgrade"); // said before asking; the init would say it after
        }
        var image = options.Image ?? await CurrentImageAsync(cancellationToken).ConfigureAwait(false);
        if (options.Append != null)
        {
            Compose(options.Append);
        }
        if (!options.Stage && !options.AssumeYes
            && !Confirm($"Upgrade to {image}: write it into the inactive slot and boot it next, on trial? [y/N] "))
        {
            context.Out.WriteLine("Upgrade cancelled; nothing was written.");
            return 1;
        }
        var request = new OsTransaction(OsTransaction.Upgrade, image, options.Force, options.Stage, options.Append);
        await RunTransactionAsync(init, request, cancellationToken).ConfigureAwait(false);
        return options.Stage ? 0 : RebootAfterUpgrade(options);
    }

    /// <summary>
    /// <c>ros os rollback</c>: checks and asks first (unless <c>-f</c>), then has the init run it as a transaction;
    /// in this process when the init does not answer.
    /// </summary>
    public async Task<int> RollbackThroughInitAsync(bool force, CancellationToken cancellationToken)
    {
        RequireRoot("os rollback");
        if (await InitOrNullAsync("os rollback", cancellationToken).ConfigureAwait(false) is not { } init)
        {
            return Rollback(force);
        }
        if (!force && !Confirm(RollbackQuestion(force)))
        {
            context.Out.WriteLine("Rollback cancelled.");
            return 1;
        }
        await RunTransactionAsync(init, new OsTransaction(OsTransaction.Rollback, null, force, false, null), cancellationToken).ConfigureAwait(false);
        return 0;
    }

    // The init's control API when it answers; null (said on stderr) when it cannot be reached, or none is wired.
    private async Task<IInitControl?> InitOrNullAsync(string what, CancellationToken cancellationToken)
    {
        if (context.Control is null)
        {
            return null;
        }
        var init = context.Control();
        try
        {
            _ = await init.StatusAsync(cancellationToken).ConfigureAwait(false);
            return init;
        }
        catch (ControlException e) when (e.Name == ControlNames.ErrorNotReady)
        {
            context.Error.WriteLine($"ros: {what}: the init does not answer ({e.Message}); running it in this process");
            return null;
        }
    }

    private async Task RunTransactionAsync(IInitControl init, OsTransaction request, CancellationToken cancellationToken)
    {
        JobOutcome outcome;
        try
        {
            outcome = await init.RunOsTransactionAsync(request, line => context.Out.WriteLine(line), cancellationToken).ConfigureAwait(false);
        }
        catch (ControlException e)
        {
            throw new RosException($"os {request.Kind}: {e.Message}");
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Ctrl-C stops following, not the transaction: the init finishes what it started
            context.Error.WriteLine($"ros: os {request.Kind}: no longer following it; the init carries on (its transaction's Cancel() stops it)");
            throw;
        }
        if (outcome.Result == "canceled")
        {
            throw new RosException($"os {request.Kind}: canceled in the init ({outcome.Message})");
        }
        if (!outcome.Succeeded)
        {
            // the init's message is the in-process one ("os upgrade: ..."): printed as ros prints it
            throw new RosException(outcome.Message);
        }
    }

    /// <summary>
    /// Runs <paramref name="request"/> in this process as the init's transaction does: nothing asked, no reboot, output
    /// to the context's writers; failures become the outcome's message.
    /// </summary>
    public static async Task<JobOutcome> RunTransactionHereAsync(RosContext context, OsTransaction request, CancellationToken cancellationToken)
    {
        try
        {
            int code = await OsCommand.RunAsync(context, host =>
            {
                var actions = new OsActions(context, host);
                return request.Kind switch
                {
                    OsTransaction.Upgrade => actions.WriteUpgradeAsync(
                        new UpgradeOptions(request.Image, request.Force, NoReboot: true, request.Stage, request.Append) { AssumeYes = true },
                        cancellationToken),
                    OsTransaction.Rollback => Task.FromResult(actions.Rollback(request.Force, assumeYes: true)),
                    _ => throw new RosException($"os: no transaction '{request.Kind}'"),
                };
            }).ConfigureAwait(false);
            return code == 0 ? JobOutcome.Done() : JobOutcome.Failed($"os {request.Kind}: failed (exit {code})");
        }
        catch (RosException e)
        {
            return JobOutcome.Failed(e.Message);
        }
        finally
        {
            context.Out.Flush();
            context.Error.Flush();
        }
    }
}
