using System.Text;
using InitOS.Core.Boot;
using InitOS.Core.Control;
using Tmds.DBus.Protocol;

namespace InitOS.Platform.Control;

/// <summary>
/// <c>org.initos.Init1.Manager</c> at <c>/org/initos/Init1</c> for one connection (one instance per connection, so
/// it knows the caller's uid and whether the connection subscribed).
/// </summary>
internal sealed partial class ManagerObject : IPathMethodHandler
{
    private static readonly ReadOnlyMemory<byte> Xml = Encoding.UTF8.GetBytes(ControlInterfaces.ManagerApi.ToXml());
    private static readonly ReadOnlyMemory<byte> PropertiesXml = Encoding.UTF8.GetBytes(ControlInterfaces.PropertiesApi.ToXml());

    private readonly ControlHub _hub;
    private readonly DBusConnection _connection;
    private readonly uint _uid;

    public ManagerObject(ControlHub hub, DBusConnection connection, uint uid)
    {
        _hub = hub;
        _connection = connection;
        _uid = uid;
    }

    /// <summary>The Manager methods this object handles (each one of <see cref="ControlInterfaces.ManagerApi"/>).</summary>
    public static IReadOnlyList<string> HandledMethods { get; } =
    [
        "ListServices", "StartService", "StopService", "RestartService", "UpService", "RemoveService", "PullService",
        "GetServiceLogs", "GetBootTimeline", "Reload", "Upgrade", "Rollback", "Reboot", "PowerOff", "Halt", "Subscribe", "Unsubscribe",
    ];

    public string Path => ControlNames.ManagerPath;

    public bool HandlesChildPaths => false;

    public ValueTask HandleMethodAsync(MethodContext context)
    {
        var request = context.Request;
        string? iface = request.InterfaceAsString;
        string? member = request.MemberAsString;
        if (!ControlAccess.MayCall(_uid, iface, member))
        {
            context.ReplyError(ControlNames.ErrorAccessDenied, ControlAccess.DeniedMessage(_uid, iface, member));
            return default;
        }
        if (context.IsDBusIntrospectRequest)
        {
            context.ReplyIntrospectXml([Xml, PropertiesXml]);
            return default;
        }
        if (context.IsPropertiesInterfaceRequest)
        {
            return HandleProperties(context);
        }
        var method = ControlInterfaces.ManagerApi.Method(member);
        if (iface is not (ControlNames.ManagerInterface or null) || method == null)
        {
            context.ReplyError(MethodReplies.UnknownMethod,
                $"Method '{member}' with signature '{request.SignatureAsString}' on interface '{iface}' doesn't exist");
            return default;
        }
        string signature = request.SignatureAsString ?? "";
        if (signature != method.InSignature)
        {
            context.ReplyError(ControlNames.ErrorInvalidArgs,
                $"Method '{member}' takes signature '{method.InSignature}', got '{signature}'");
            return default;
        }
        return Dispatch(context, method.Name);
    }

    private ValueTask Dispatch(MethodContext context, string member)
    {
        if (ControlInterfaces.ServiceJobOf(member) is { } job)
        {
            string name = context.Request.GetBodyReader().ReadString();
            return context.Detach(c => StartServiceJobAsync(c, name, job));
        }
        switch (member)
        {
            case "ListServices":
                return context.Detach(ListServicesAsync);
            case "GetServiceLogs":
                var reader = context.Request.GetBodyReader();
                string service = reader.ReadString();
                uint lines = reader.ReadUInt32();
                return context.Detach(c => ServiceLogsAsync(c, service, lines));
            case "GetBootTimeline":
                return context.Detach(BootTimelineAsync);
            case "Reload":
                return context.Detach(StartReloadAsync);
            case "Upgrade":
                CreateTransaction(context, OsTransaction.Upgrade);
                return default;
            case "Rollback":
                CreateTransaction(context, OsTransaction.Rollback);
                return default;
            case "Reboot":
                return context.Detach(c => PowerAsync(c, PowerAction.Reboot));
            case "PowerOff":
                return context.Detach(c => PowerAsync(c, PowerAction.PowerOff));
            case "Halt":
                return context.Detach(c => PowerAsync(c, PowerAction.Halt));
            case "Subscribe":
                _hub.Subscribers.Add(_connection);
                context.ReplyEmpty();
                return default;
            case "Unsubscribe":
                _hub.Subscribers.Remove(_connection);
                context.ReplyEmpty();
                return default;
            default:
                context.ReplyError(MethodReplies.UnknownMethod, $"Method '{member}' is not implemented");
                return default;
        }
    }

    private async Task ListServicesAsync(MethodContext context)
    {
        var services = await _hub.Control.ListServicesAsync(context.RequestAborted).ConfigureAwait(false);
        using var writer = context.CreateReplyWriter("a" + ControlInterfaces.ServiceTuple);
        var array = writer.WriteArrayStart(DBusType.Struct);
        foreach (var s in services)
        {
            writer.WriteStructureStart();
            writer.WriteString(s.Name);
            writer.WriteString(s.Scope);
            writer.WriteString(s.State);
            writer.WriteString(s.Image);
            writer.WriteString(s.Detail);
            writer.WriteString(_hub.Jobs.OnUnit(s.Name)?.JobType ?? "");
            writer.WriteBool(s.Enabled);
        }
        writer.WriteArrayEnd(array);
        context.Reply(writer.CreateMessage());
    }

    private async Task ServiceLogsAsync(MethodContext context, string service, uint lines)
    {
        int count = lines > int.MaxValue ? int.MaxValue : (int)lines;
        string logs = await _hub.Control.ServiceLogsAsync(service, count, context.RequestAborted).ConfigureAwait(false);
        using var writer = context.CreateReplyWriter("s");
        writer.WriteString(logs);
        context.Reply(writer.CreateMessage());
    }

    private async Task BootTimelineAsync(MethodContext context)
    {
        var marks = await _hub.Control.BootTimelineAsync(context.RequestAborted).ConfigureAwait(false);
        using var writer = context.CreateReplyWriter("a" + ControlInterfaces.BootMarkTuple);
        var array = writer.WriteArrayStart(DBusType.Struct);
        foreach (var m in marks)
        {
            writer.WriteStructureStart();
            writer.WriteString(m.Name);
            writer.WriteString(m.Kind);
            writer.WriteUInt64((ulong)Math.Max(0, m.StartMs));
            writer.WriteUInt64((ulong)Math.Max(0, m.DurationMs));
            writer.WriteString(m.Result);
        }
        writer.WriteArrayEnd(array);
        context.Reply(writer.CreateMessage());
    }

    private async Task PowerAsync(MethodContext context, PowerAction action)
    {
        await _hub.Control.RequestPowerAsync(action, context.RequestAborted).ConfigureAwait(false);
        context.ReplyEmpty();
    }
}
