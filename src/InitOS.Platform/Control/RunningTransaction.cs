using InitOS.Core.Control;
using Tmds.DBus.Protocol;

namespace InitOS.Platform.Control;

/// <summary>One OS transaction, from its creation to a while after it finished: what its object answers.</summary>
internal sealed class RunningTransaction
{
    private readonly List<DBusConnection> _listeners = [];

    public RunningTransaction(uint id, OsTransaction request, DBusConnection owner)
    {
        Id = id;
        Request = request;
        Owner = owner;
        Path = ObjectPaths.Transaction(id);
    }

    /// <summary>Its id (the last element of its path).</summary>
    public uint Id { get; }

    /// <summary>What it does.</summary>
    public OsTransaction Request { get; }

    /// <summary>Its <c>Title</c> property.</summary>
    public string Title => Request.Title;

    /// <summary>Its object path.</summary>
    public string Path { get; }

    /// <summary>The connection that created it: when it goes away before <c>Start()</c>, the transaction is canceled.</summary>
    public DBusConnection Owner { get; }

    /// <summary>Where it is; changed under the table's lock.</summary>
    public TransactionState State { get; set; }

    /// <summary>How it ended, once <see cref="State"/> is <see cref="TransactionState.Finished"/>.</summary>
    public JobOutcome? Outcome { get; set; }

    /// <summary>Fires on <c>Cancel()</c> and when the server stops.</summary>
    public CancellationTokenSource Cancellation { get; } = new();

    /// <summary>The run, which never faults (set when it starts).</summary>
    public Task Completion { get; set; } = Task.CompletedTask;

    /// <summary>The connections that called <c>Start()</c> and are still there (changed under the table's lock).</summary>
    public List<DBusConnection> Listeners => _listeners;
}

/// <summary>The life of a transaction: created (nothing runs), running (after the first <c>Start()</c>), finished.</summary>
internal enum TransactionState
{
    Created,
    Running,
    Finished,
}
