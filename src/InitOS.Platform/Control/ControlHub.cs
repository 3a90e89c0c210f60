using InitOS.Core.Control;

namespace InitOS.Platform.Control;

/// <summary>What every connection of one <see cref="ControlServer"/> shares: the init, the jobs, the subscribers.</summary>
internal sealed class ControlHub
{
    private int _lastConnection;

    public ControlHub(IInitControl control, TimeSpan jobTimeout)
    {
        Control = control;
        Subscribers = new Subscribers();
        Jobs = new JobTable(Subscribers, jobTimeout);
        Transactions = new TransactionTable(control);
    }

    /// <summary>The init the API serves.</summary>
    public IInitControl Control { get; }

    /// <summary>The connections that subscribed to the job signals.</summary>
    public Subscribers Subscribers { get; }

    /// <summary>The running jobs.</summary>
    public JobTable Jobs { get; }

    /// <summary>The OS transactions (one active at a time).</summary>
    public TransactionTable Transactions { get; }

    /// <summary>The server's GUID (sent with SASL <c>OK</c>, answered to <c>GetId</c>).</summary>
    public string Guid { get; } = System.Guid.NewGuid().ToString("N");

    /// <summary>The next unique name, <c>:1.N</c>, answered to a client's <c>Hello()</c>.</summary>
    public string NextUniqueName() => ":1." + Interlocked.Increment(ref _lastConnection);
}
