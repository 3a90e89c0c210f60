namespace InitOS.Core.Control;

/// <summary>The names of the control API: socket, bus name, object paths, interfaces and errors.</summary>
public static class ControlNames
{
    /// <summary>The unix socket the init serves the API on (root only).</summary>
    public const string SocketPath = "/run/initos/control.sock";

    /// <summary>The name clients pass as destination (there is no bus; it is accepted as is).</summary>
    public const string BusName = "org.initos.Init1";

    /// <summary>The manager object.</summary>
    public const string ManagerPath = "/org/initos/Init1";

    /// <summary>The manager interface.</summary>
    public const string ManagerInterface = "org.initos.Init1.Manager";

    /// <summary>Job objects live under this path, one per running job: <c>/org/initos/Init1/job/&lt;id&gt;</c>.</summary>
    public const string JobPathPrefix = "/org/initos/Init1/job/";

    /// <summary>The job interface.</summary>
    public const string JobInterface = "org.initos.Init1.Job";

    /// <summary>Transaction objects live under this path, one per transaction: <c>/org/initos/Init1/transaction/&lt;id&gt;</c>.</summary>
    public const string TransactionPathPrefix = "/org/initos/Init1/transaction/";

    /// <summary>The transaction interface.</summary>
    public const string TransactionInterface = "org.initos.Init1.Transaction";

    /// <summary>No service, engine or console of that name (the message names the known ones).</summary>
    public const string ErrorNoSuchService = "org.initos.Init1.Error.NoSuchService";

    /// <summary>Something else runs that this request conflicts with.</summary>
    public const string ErrorBusy = "org.initos.Init1.Error.Busy";

    /// <summary>The request was understood and failed.</summary>
    public const string ErrorFailed = "org.initos.Init1.Error.Failed";

    /// <summary>The request cannot be served in the init's current state (for example, before the engine runs).</summary>
    public const string ErrorNotReady = "org.initos.Init1.Error.NotReady";

    /// <summary>The standard error for a caller that may not do this.</summary>
    public const string ErrorAccessDenied = "org.freedesktop.DBus.Error.AccessDenied";

    /// <summary>The standard error for bad arguments.</summary>
    public const string ErrorInvalidArgs = "org.freedesktop.DBus.Error.InvalidArgs";
}
