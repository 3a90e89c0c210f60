using InitOS.Core.Control;
using Tmds.DBus.Protocol;

namespace InitOS.Platform.Control;

/// <summary>
/// The OS transactions (rpm-ostree's model): one active at a time (another one is refused as Busy), nothing runs
/// before <c>Start()</c>, <c>Message</c> and <c>Finished</c> go to the connections that called <c>Start()</c>, a
/// late <c>Start()</c> gets <c>Finished</c> again, and the owner disconnecting before <c>Start()</c> cancels it.
/// After <c>Start()</c> nobody's disconnect stops it.
/// </summary>
internal sealed class TransactionTable(IInitControl control, TimeProvider time)
{
    private readonly Dictionary<uint, RunningTransaction> _byId = new();
    private readonly object _gate = new();
    private RunningTransaction? _active;
    private int _lastId;
    private bool _stopped;

    /// <summary>How long a created transaction waits for <c>Start()</c> before it is canceled.</summary>
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>How long a finished transaction's object stays, for late <c>Start()</c> callers.</summary>
    public TimeSpan FinishedRetention { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>The transaction with <paramref name="id"/> (until a while after it finished), or null.</summary>
    public RunningTransaction? Find(uint id)
    {
        lock (_gate)
        {
            return _byId.GetValueOrDefault(id);
        }
    }

    /// <summary>The transactions whose objects exist, by id.</summary>
    public IReadOnlyList<RunningTransaction> All
    {
        get
        {
            lock (_gate)
            {
                return _byId.Values.OrderBy(t => t.Id).ToList();
            }
        }
    }

    /// <summary>Creates a transaction for <paramref name="owner"/>; it runs on the first <see cref="Start"/>.</summary>
    /// <exception cref="ControlException"><see cref="ControlNames.ErrorBusy"/>: another one is active;
    /// <see cref="ControlNames.ErrorNotReady"/>: the server stops.</exception>
    public RunningTransaction Create(OsTransaction request, DBusConnection owner)
    {
        RunningTransaction transaction;
        lock (_gate)
        {
            if (_stopped)
            {
                throw new ControlException(ControlNames.ErrorNotReady, "The control server is stopping");
            }
            if (_active is { } other)
            {
                throw new ControlException(ControlNames.ErrorBusy, OsTransaction.BusyMessage(other.Title));
            }
            transaction = new RunningTransaction((uint)Interlocked.Increment(ref _lastId), request, owner);
            _byId[transaction.Id] = transaction;
            _active = transaction;
        }
        _ = CancelUnlessStartedAsync(transaction);
        return transaction;
    }

    private async Task CancelUnlessStartedAsync(RunningTransaction transaction)
    {
        await Task.Delay(StartTimeout, time).ConfigureAwait(false);
        FinishUnstarted(transaction, $"Not started within {StartTimeout.TotalSeconds:0} s");
    }

    /// <summary>
    /// <c>Start()</c> from <paramref name="caller"/>: adds it to the listeners (a finished transaction: none to add)
    /// and says whether this call starts the run. Reply first, then <see cref="Run"/> when this returned
    /// <see cref="TransactionState.Created"/>, or <see cref="SendFinished"/> to the caller when it returned
    /// <see cref="TransactionState.Finished"/>.
    /// </summary>
    /// <returns>The state the call found.</returns>
    public TransactionState Start(RunningTransaction transaction, DBusConnection caller)
    {
        lock (_gate)
        {
            var found = transaction.State;
            if (found == TransactionState.Finished)
            {
                return found;
            }
            if (!transaction.Listeners.Contains(caller))
            {
                transaction.Listeners.Add(caller);
            }
            transaction.State = TransactionState.Running;
            return found;
        }
    }

    /// <summary>Runs the transaction's body (once, after the first <c>Start()</c> was answered).</summary>
    public void Run(RunningTransaction transaction) => transaction.Completion = RunAsync(transaction);

    private async Task RunAsync(RunningTransaction transaction)
    {
        JobOutcome outcome;
        var token = transaction.Cancellation.Token;
        try
        {
            await Task.Yield(); // the Start() reply goes out before the first Message
            outcome = await control.RunOsTransactionAsync(transaction.Request, text => Send(transaction, "Message", text), token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            outcome = new JobOutcome("canceled", OsTransaction.CanceledMessage);
        }
        catch (Exception e)
        {
            outcome = JobOutcome.Failed(e.Message);
        }
        if (outcome.Result == "canceled")
        {
            outcome = outcome with { Message = OsTransaction.CanceledMessage };
        }
        Finish(transaction, outcome);
    }

    /// <summary><c>Cancel()</c>: a running transaction's body is canceled; one not started yet ends at once.</summary>
    public void Cancel(RunningTransaction transaction)
    {
        if (FinishUnstarted(transaction, OsTransaction.CanceledMessage))
        {
            return;
        }
        try
        {
            transaction.Cancellation.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // it finished meanwhile
        }
    }

    /// <summary>A connection went away: it listens no more; a transaction it created and did not start is canceled.</summary>
    public void Disconnected(DBusConnection connection)
    {
        List<RunningTransaction> unstarted = [];
        lock (_gate)
        {
            foreach (var transaction in _byId.Values)
            {
                transaction.Listeners.Remove(connection);
                if (transaction.Owner == connection && transaction.State == TransactionState.Created)
                {
                    unstarted.Add(transaction);
                }
            }
        }
        foreach (var transaction in unstarted)
        {
            FinishUnstarted(transaction, "Its client went away before starting it");
        }
    }

    // Ends a transaction that never ran; false when it had started (or finished) already.
    private bool FinishUnstarted(RunningTransaction transaction, string reason)
        => Finish(transaction, new JobOutcome("canceled", reason), onlyUnstarted: true);

    private bool Finish(RunningTransaction transaction, JobOutcome outcome, bool onlyUnstarted = false)
    {
        List<DBusConnection> listeners;
        lock (_gate)
        {
            if (transaction.State == TransactionState.Finished || (onlyUnstarted && transaction.State != TransactionState.Created))
            {
                return false;
            }
            transaction.Outcome = outcome;
            transaction.State = TransactionState.Finished;
            if (_active == transaction)
            {
                _active = null;
            }
            listeners = transaction.Listeners.ToList();
            transaction.Listeners.Clear();
        }
        foreach (var connection in listeners)
        {
            SendFinished(transaction, connection);
        }
        transaction.Cancellation.Dispose();
        _ = ForgetAsync(transaction);
        return true;
    }

    private async Task ForgetAsync(RunningTransaction transaction)
    {
        await Task.Delay(FinishedRetention, time).ConfigureAwait(false);
        lock (_gate)
        {
            _byId.Remove(transaction.Id);
        }
    }

    /// <summary>Sends <c>Finished(b success, s error)</c> of a finished transaction to <paramref name="connection"/>.</summary>
    public static void SendFinished(RunningTransaction transaction, DBusConnection connection)
    {
        var outcome = transaction.Outcome ?? JobOutcome.Failed("not finished");
        using var writer = connection.GetMessageWriter();
        writer.WriteSignalHeader(null, transaction.Path, ControlNames.TransactionInterface, "Finished", "bs");
        writer.WriteBool(outcome.Succeeded);
        writer.WriteString(outcome.Succeeded ? "" : outcome.Message);
        connection.TrySendMessage(writer.CreateMessage());
    }

    // Message(s) to every listener; the body calls progress one line at a time, so the lines go out in order.
    private void Send(RunningTransaction transaction, string member, string text)
    {
        List<DBusConnection> listeners;
        lock (_gate)
        {
            listeners = transaction.Listeners.ToList();
        }
        foreach (var connection in listeners)
        {
            using var writer = connection.GetMessageWriter();
            writer.WriteSignalHeader(null, transaction.Path, ControlNames.TransactionInterface, member, "s");
            writer.WriteString(text);
            connection.TrySendMessage(writer.CreateMessage());
        }
    }

    /// <summary>Refuses new transactions, cancels the running one and waits for it (bounded by <paramref name="grace"/>).</summary>
    public async Task StopAsync(TimeSpan grace)
    {
        List<RunningTransaction> all;
        lock (_gate)
        {
            _stopped = true;
            all = _byId.Values.ToList();
        }
        foreach (var transaction in all)
        {
            Cancel(transaction);
        }
        await Task.WhenAny(Task.WhenAll(all.Select(t => t.Completion)), Task.Delay(grace, time)).ConfigureAwait(false);
    }
}
