using Tmds.DBus.Protocol;

namespace InitOS.Platform.Control;

/// <summary>
/// Answers what bus-minded clients ask the "bus" at <c>/org/freedesktop/DBus</c>: sd-bus (busctl) and Tmds send
/// <c>Hello()</c> and must get a unique name starting with <c>:</c> as the first reply; they add and remove match
/// rules (signals go to subscribed connections anyway) and may ask <c>GetId</c>.
/// </summary>
internal sealed class BusObject(string uniqueName, string guid) : IPathMethodHandler
{
    public string Path => "/org/freedesktop/DBus";

    public bool HandlesChildPaths => false;

    public ValueTask HandleMethodAsync(MethodContext context)
    {
        if (context.IsDBusIntrospectRequest)
        {
            context.ReplyIntrospectXml([]);
            return default;
        }
        var request = context.Request;
        if (request.InterfaceAsString is "org.freedesktop.DBus" or null)
        {
            switch (request.MemberAsString)
            {
                case "Hello":
                    ReplyString(context, uniqueName);
                    break;
                case "AddMatch" or "RemoveMatch":
                    context.ReplyEmpty();
                    break;
                case "GetId":
                    ReplyString(context, guid);
                    break;
            }
        }
        return default; // anything else: the library answers UnknownMethod
    }

    private static void ReplyString(MethodContext context, string value)
    {
        using var writer = context.CreateReplyWriter("s");
        writer.WriteString(value);
        context.Reply(writer.CreateMessage());
    }
}
