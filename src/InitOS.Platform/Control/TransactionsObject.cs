using System.Text;
using InitOS.Core.Control;
using Tmds.DBus.Protocol;

namespace InitOS.Platform.Control;

/// <summary>
/// The transaction objects of one connection's view: <c>/org/initos/Init1/transaction</c> lists them as child
/// nodes, and <c>/org/initos/Init1/transaction/&lt;id&gt;</c> serves <c>org.initos.Init1.Transaction</c> (one
/// instance per connection, so <c>Start()</c> knows whom to send the signals to).
/// </summary>
internal sealed class TransactionsObject(ControlHub hub, DBusConnection connection, uint uid) : IPathMethodHandler
{
    private static readonly string TransactionXml = ControlInterfaces.TransactionApi.ToXml();

    public string Path => ControlNames.TransactionPathPrefix.TrimEnd('/');

    public bool HandlesChildPaths => true;

    public ValueTask HandleMethodAsync(MethodContext context)
    {
        var request = context.Request;
        string? iface = request.InterfaceAsString;
        string? member = request.MemberAsString;
        if (!ControlAccess.MayCall(uid, iface, member))
        {
            context.ReplyError(ControlNames.ErrorAccessDenied, ControlAccess.DeniedMessage(uid, iface, member));
            return default;
        }
        string path = request.PathAsString ?? "";
        if (path == Path)
        {
            if (context.IsDBusIntrospectRequest)
            {
                JobsObject.ReplyXml(context, string.Concat(hub.Transactions.All.Select(t => $"  <node name=\"{t.Id}\"/>\n")));
            }
            else
            {
                context.ReplyError(MethodReplies.UnknownMethod, $"{Path} only lists the transactions");
            }
            return default;
        }
        if (ObjectPaths.TransactionId(path) is not { } id || hub.Transactions.Find(id) is not { } transaction)
        {
            context.ReplyError(MethodReplies.UnknownObject, $"No transaction at '{path}' (it finished a while ago, or never was)");
            return default;
        }
        string signature = request.SignatureAsString ?? "";
        if (context.IsDBusIntrospectRequest)
        {
            JobsObject.ReplyXml(context, TransactionXml + ControlInterfaces.PropertiesApi.ToXml() + JobsObject.Introspectable);
        }
        else if (context.IsPropertiesInterfaceRequest)
        {
            HandleProperties(context, transaction);
        }
        else if (iface is ControlNames.TransactionInterface or null && member == "Start" && signature == "")
        {
            var found = hub.Transactions.Start(transaction, connection);
            using (var writer = context.CreateReplyWriter("b"))
            {
                writer.WriteBool(found == TransactionState.Created);
                context.Reply(writer.CreateMessage());
            }
            if (found == TransactionState.Created)
            {
                hub.Transactions.Run(transaction);
            }
            else if (found == TransactionState.Finished)
            {
                TransactionTable.SendFinished(transaction, connection);
            }
        }
        else if (iface is ControlNames.TransactionInterface or null && member == "Cancel" && signature == "")
        {
            hub.Transactions.Cancel(transaction);
            context.ReplyEmpty();
        }
        else
        {
            context.ReplyError(MethodReplies.UnknownMethod,
                $"Method '{member}' with signature '{signature}' on interface '{iface}' doesn't exist");
        }
        return default;
    }

    private static void HandleProperties(MethodContext context, RunningTransaction transaction)
    {
        var request = context.Request;
        var reader = request.GetBodyReader();
        switch (request.MemberAsString, request.SignatureAsString)
        {
            case ("Get", "ss"):
            {
                string iface = reader.ReadString();
                string name = reader.ReadString();
                if (iface != ControlNames.TransactionInterface || name != "Title")
                {
                    context.ReplyError(MethodReplies.UnknownProperty, $"No property '{iface}.{name}'");
                    return;
                }
                using var writer = context.CreateReplyWriter("v");
                writer.WriteVariantString(transaction.Title);
                context.Reply(writer.CreateMessage());
                return;
            }
            case ("GetAll", "s"):
            {
                string iface = reader.ReadString();
                using var writer = context.CreateReplyWriter("a{sv}");
                var dict = writer.WriteDictionaryStart();
                if (iface is "" or ControlNames.TransactionInterface)
                {
                    writer.WriteDictionaryEntryStart();
                    writer.WriteString("Title");
                    writer.WriteVariantString(transaction.Title);
                }
                writer.WriteDictionaryEnd(dict);
                context.Reply(writer.CreateMessage());
                return;
            }
            default:
                context.ReplyError(ControlNames.ErrorInvalidArgs, "Transaction properties are read-only: Get(ss) and GetAll(s)");
                return;
        }
    }
}
