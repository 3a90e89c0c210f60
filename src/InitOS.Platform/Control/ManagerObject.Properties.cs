using InitOS.Core.Control;
using Tmds.DBus.Protocol;

namespace InitOS.Platform.Control;

internal sealed partial class ManagerObject
{
    private ValueTask HandleProperties(MethodContext context)
    {
        var request = context.Request;
        switch (request.MemberAsString, request.SignatureAsString)
        {
            case ("Get", "ss"):
                var reader = request.GetBodyReader();
                string iface = reader.ReadString();
                string name = reader.ReadString();
                if (iface != ControlNames.ManagerInterface)
                {
                    context.ReplyError(MethodReplies.UnknownInterface, $"No interface '{iface}' on {Path}");
                    return default;
                }
                if (!ControlInterfaces.ManagerApi.Properties.Any(p => p.Name == name))
                {
                    context.ReplyError(MethodReplies.UnknownProperty, $"No property '{name}' on {iface}");
                    return default;
                }
                return context.Detach(c => GetAsync(c, name));
            case ("GetAll", "s"):
                string all = request.GetBodyReader().ReadString();
                return context.Detach(c => GetAllAsync(c, all is "" or ControlNames.ManagerInterface));
            case ("Set", "ssv"):
                context.ReplyError(MethodReplies.PropertyReadOnly, "The Manager's properties are read-only");
                return default;
            case ("Get" or "GetAll" or "Set", _):
                context.ReplyError(ControlNames.ErrorInvalidArgs, $"Wrong signature '{request.SignatureAsString}' for Properties.{request.MemberAsString}");
                return default;
            default:
                context.ReplyError(MethodReplies.UnknownMethod, $"No method Properties.{request.MemberAsString}");
                return default;
        }
    }

    private async Task GetAsync(MethodContext context, string name)
    {
        var status = await _hub.Control.StatusAsync(context.RequestAborted).ConfigureAwait(false);
        var writer = context.CreateReplyWriter("v");
        try
        {
            WriteVariant(ref writer, status, name);
            context.Reply(writer.CreateMessage());
        }
        finally
        {
            writer.Dispose();
        }
    }

    private async Task GetAllAsync(MethodContext context, bool manager)
    {
        var status = manager ? await _hub.Control.StatusAsync(context.RequestAborted).ConfigureAwait(false) : null;
        var writer = context.CreateReplyWriter("a{sv}");
        try
        {
            var dict = writer.WriteDictionaryStart();
            if (status != null)
            {
                foreach (var p in ControlInterfaces.ManagerApi.Properties)
                {
                    writer.WriteDictionaryEntryStart();
                    writer.WriteString(p.Name);
                    WriteVariant(ref writer, status, p.Name);
                }
            }
            writer.WriteDictionaryEnd(dict);
            context.Reply(writer.CreateMessage());
        }
        finally
        {
            writer.Dispose();
        }
    }

    private static void WriteVariant(ref MessageWriter writer, InitStatus status, string name)
    {
        switch (name)
        {
            case "Version":
                writer.WriteVariantString(status.Version);
                break;
            case "BootedSlot":
                writer.WriteVariantString(status.BootedSlot);
                break;
            case "Phase":
                writer.WriteVariantString(status.Phase);
                break;
            case "UptimeMs":
                writer.WriteVariantUInt64((ulong)Math.Max(0, status.UptimeMs));
                break;
            default:
                throw new ControlException(MethodReplies.UnknownProperty, $"No property '{name}'");
        }
    }
}
