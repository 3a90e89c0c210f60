using InitOS.Core.Control;

namespace InitOS.Platform.Control;

/// <summary>What every connection of one <see cref="ControlServer"/> shares: the init, the jobs, the subscribers.</summary>
internal sealed class ControlHub
{
    private int _lastConnection;

    public ControlHub(IInitControl control, TimeSpan jobTimeout, TimeProvider time)
    {
        Control = control;
        Time = time;
        Subscribers = new Subscribers();
        Jobs = new JobTable(Subscribers, jobTimeout, time);
        Transactions = new TransactionTable(control, time);
    }

    /// <summary>The clock of every timeout of the API (jobs, transactions, authentication).</summary>
    public TimeProvider Time { get; }

    /// <summary>The init the API serves.</summary>
    public IInitControl Control { get; }

    /// <summary>The connections that subscribed to the job signals.</summary>
    public Subscribers Subscribers { get; }

    /// <summary>The running jobs.</summary>
    public JobTable Jobs { get; }

    /// <summary>The OS transactions (one active at a time).</summary>
    public TransactionTable Transactions { get; }

    /// <summary>
    /// The server's GUID (sent with SASL <c>OK</c>, answered to <c>GetId</c>): 32 hex digits unique to this server
    /// run (D-Bus needs no secrecy here). Not <see cref="System.Guid.NewGuid"/>: PID 1 starts the server in its
    /// second step, when the kernel's random pool may not be ready and .NET's secure random bytes fail (seen in QEMU).
    /// </summary>
    public string Guid { get; } = string.Create(System.Globalization.CultureInfo.InvariantCulture,
        $"{Environment.ProcessId & 0xffffffff:x8}{DateTime.UtcNow.Ticks:x16}{Environment.TickCount64 & 0xffffffff:x8}");

    /// <summary>The next unique name, <c>:1.N</c>, answered to a client's <c>Hello()</c>.</summary>
    public string NextUniqueName() => ":1." + Interlocked.Increment(ref _lastConnection);
}
