using InitOS.Core.Control;
using Tmds.DBus.Protocol;

namespace InitOS.Platform.Control;

internal sealed partial class ManagerObject
{
    // Upgrade(a{sv}) and Rollback(a{sv}): read the options, create the transaction (not started), reply with its path.
    private void CreateTransaction(MethodContext context, string kind)
    {
        try
        {
            var request = OsTransaction.FromOptions(kind, ReadOptions(context.Request.GetBodyReader()));
            var transaction = _hub.Transactions.Create(request, _connection);
            using var writer = context.CreateReplyWriter("o");
            writer.WriteObjectPath(transaction.Path);
            context.Reply(writer.CreateMessage());
        }
        catch (ControlException e)
        {
            context.ReplyFailure(e);
        }
    }

    private static List<(string Key, string Signature, object? Value)> ReadOptions(Reader reader)
    {
        var options = new List<(string, string, object?)>();
        var end = reader.ReadArrayStart(DBusType.DictEntry);
        while (reader.HasNext(end))
        {
            reader.AlignStruct();
            string key = reader.ReadString();
            var value = reader.ReadVariantValue();
            options.Add(value.Type switch
            {
                VariantValueType.String => (key, "s", value.GetString()),
                VariantValueType.Bool => (key, "b", value.GetBool()),
                var other => (key, other.ToString().ToLowerInvariant(), null),
            });
        }
        return options;
    }
}
