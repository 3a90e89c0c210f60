namespace InitOS.Core.Control;

/// <summary>
/// The control API's interfaces as data: the server dispatches on them and answers Introspect with their XML, and
/// the client builds its calls from the same names. The tuples are documented in <c>src/InitOS.Platform/README.md</c>.
/// </summary>
public static class ControlInterfaces
{
    /// <summary><c>ListServices</c>' element: name, scope, state, image, detail, job (the running job's type or empty), enabled.</summary>
    public const string ServiceTuple = "(ssssssb)";

    /// <summary><c>GetBootTimeline</c>'s element: name, kind, start ms, duration ms, result.</summary>
    public const string BootMarkTuple = "(sstts)";

    private static DBusArg A(string name, string type) => new(name, type);

    private static DBusMethod JobMethod(string name) => new(name, [A("name", "s")], [A("job", "o")]);

    /// <summary><c>org.initos.Init1.Manager</c> at <c>/org/initos/Init1</c>.</summary>
    public static readonly DBusInterface ManagerApi = new(
        ControlNames.ManagerInterface,
        [
            new("ListServices", [], [A("services", "a" + ServiceTuple)]),
            JobMethod("StartService"),
            JobMethod("StopService"),
            JobMethod("RestartService"),
            JobMethod("UpService"),
            JobMethod("RemoveService"),
            JobMethod("PullService"),
            new("GetServiceLogs", [A("name", "s"), A("lines", "u")], [A("logs", "s")]),
            new("GetBootTimeline", [], [A("marks", "a" + BootMarkTuple)]),
            new("Reload", [], [A("job", "o")]),
            new("Upgrade", [A("options", "a{sv}")], [A("transaction", "o")]),
            new("Rollback", [A("options", "a{sv}")], [A("transaction", "o")]),
            new("Reboot", [], []),
            new("PowerOff", [], []),
            new("Halt", [], []),
            new("Subscribe", [], []),
            new("Unsubscribe", [], []),
        ],
        [
            new("JobNew", [A("id", "u"), A("job", "o"), A("unit", "s")]),
            new("JobRemoved", [A("id", "u"), A("job", "o"), A("unit", "s"), A("result", "s"), A("message", "s")]),
        ],
        [A2("Version", "s"), A2("BootedSlot", "s"), A2("Phase", "s"), A2("UptimeMs", "t")]);

    /// <summary><c>org.initos.Init1.Job</c> at <c>/org/initos/Init1/job/&lt;id&gt;</c>, while the job runs.</summary>
    public static readonly DBusInterface JobApi = new(
        ControlNames.JobInterface,
        [new("Cancel", [], [])],
        [],
        [A2("Id", "u"), A2("Unit", "s"), A2("JobType", "s"), A2("State", "s")]);

    /// <summary>
    /// <c>org.initos.Init1.Transaction</c> at <c>/org/initos/Init1/transaction/&lt;id&gt;</c>: nothing runs before
    /// <c>Start()</c> (true when this call started it); <c>Message</c> and <c>Finished</c> go to the connections that
    /// called <c>Start()</c>, and a late caller gets <c>Finished</c> again.
    /// </summary>
    public static readonly DBusInterface TransactionApi = new(
        ControlNames.TransactionInterface,
        [
            new("Start", [], [A("started", "b")]),
            new("Cancel", [], []),
        ],
        [
            new("Message", [A("text", "s")]),
            new("Finished", [A("success", "b"), A("error", "s")]),
        ],
        [A2("Title", "s")]);

    /// <summary><c>org.freedesktop.DBus.Properties</c> as served (read-only: <c>Set</c> answers PropertyReadOnly).</summary>
    public static readonly DBusInterface PropertiesApi = new(
        "org.freedesktop.DBus.Properties",
        [
            new("Get", [A("interface_name", "s"), A("property_name", "s")], [A("value", "v")]),
            new("GetAll", [A("interface_name", "s")], [A("props", "a{sv}")]),
            new("Set", [A("interface_name", "s"), A("property_name", "s"), A("value", "v")], []),
        ],
        [new("PropertiesChanged", [A("interface_name", "s"), A("changed_properties", "a{sv}"), A("invalidated_properties", "as")])],
        []);

    /// <summary>The service job a Manager method starts (<c>StartService</c> → <see cref="ServiceJob.Start"/>), or null.</summary>
    public static ServiceJob? ServiceJobOf(string member) => member switch
    {
        "StartService" => ServiceJob.Start,
        "StopService" => ServiceJob.Stop,
        "RestartService" => ServiceJob.Restart,
        "UpService" => ServiceJob.Up,
        "RemoveService" => ServiceJob.Remove,
        "PullService" => ServiceJob.Pull,
        _ => null,
    };

    /// <summary>The Manager method that starts <paramref name="job"/>.</summary>
    public static string MethodOf(ServiceJob job) => job + "Service";

    /// <summary>The job type a job object reports (systemd's lower-case names): <c>start</c>, …, <c>reload</c>.</summary>
    public static string JobTypeOf(ServiceJob? job) => job?.ToString().ToLowerInvariant() ?? "reload";

    private static DBusProperty A2(string name, string type) => new(name, type);
}
