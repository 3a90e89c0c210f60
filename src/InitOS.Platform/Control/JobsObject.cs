using System.Text;
using InitOS.Core.Control;
using Tmds.DBus.Protocol;

namespace InitOS.Platform.Control;

/// <summary>
/// The job objects: <c>/org/initos/Init1/job</c> lists the running jobs as child nodes, and
/// <c>/org/initos/Init1/job/&lt;id&gt;</c> serves <c>org.initos.Init1.Job</c> while job &lt;id&gt; runs.
/// </summary>
internal sealed class JobsObject(ControlHub hub, uint uid) : IPathMethodHandler
{
    private static readonly string JobXml = ControlInterfaces.JobApi.ToXml();

    public string Path => ControlNames.JobPathPrefix.TrimEnd('/');

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
                ReplyXml(context, string.Concat(hub.Jobs.All.Select(j => $"  <node name=\"{j.Id}\"/>\n")));
            }
            else
            {
                context.ReplyError(MethodReplies.UnknownMethod, $"{Path} only lists the running jobs");
            }
            return default;
        }
        if (ObjectPaths.JobId(path) is not { } id || hub.Jobs.Find(id) is not { } job)
        {
            context.ReplyError(MethodReplies.UnknownObject, $"No job at '{path}' (it finished, or never was)");
            return default;
        }
        if (context.IsDBusIntrospectRequest)
        {
            ReplyXml(context, JobXml + ControlInterfaces.PropertiesApi.ToXml() + Introspectable);
        }
        else if (context.IsPropertiesInterfaceRequest)
        {
            HandleProperties(context, job);
        }
        else if (iface is ControlNames.JobInterface or null && member == "Cancel" && (request.SignatureAsString ?? "") == "")
        {
            job.CancelRequested = true;
            try
            {
                job.Cancellation.Cancel();
            }
            catch (ObjectDisposedException)
            {
                // it finished meanwhile
            }
            context.ReplyEmpty();
        }
        else
        {
            context.ReplyError(MethodReplies.UnknownMethod,
                $"Method '{member}' with signature '{request.SignatureAsString}' on interface '{iface}' doesn't exist");
        }
        return default;
    }

    private static void HandleProperties(MethodContext context, RunningJob job)
    {
        var request = context.Request;
        var reader = request.GetBodyReader();
        switch (request.MemberAsString, request.SignatureAsString)
        {
            case ("Get", "ss"):
            {
                string iface = reader.ReadString();
                string name = reader.ReadString();
                if (iface != ControlNames.JobInterface || !ControlInterfaces.JobApi.Properties.Any(p => p.Name == name))
                {
                    context.ReplyError(MethodReplies.UnknownProperty, $"No property '{iface}.{name}'");
                    return;
                }
                using var writer = context.CreateReplyWriter("v");
                if (name == "Id")
                {
                    writer.WriteVariantUInt32(job.Id);
                }
                else
                {
                    writer.WriteVariantString(name switch { "Unit" => job.Unit, "JobType" => job.JobType, _ => job.State });
                }
                context.Reply(writer.CreateMessage());
                return;
            }
            case ("GetAll", "s"):
            {
                string iface = reader.ReadString();
                using var writer = context.CreateReplyWriter("a{sv}");
                var dict = writer.WriteDictionaryStart();
                if (iface is "" or ControlNames.JobInterface)
                {
                    writer.WriteDictionaryEntryStart();
                    writer.WriteString("Id");
                    writer.WriteVariantUInt32(job.Id);
                    foreach (var (key, value) in new[] { ("Unit", job.Unit), ("JobType", job.JobType), ("State", job.State) })
                    {
                        writer.WriteDictionaryEntryStart();
                        writer.WriteString(key);
                        writer.WriteVariantString(value);
                    }
                }
                writer.WriteDictionaryEnd(dict);
                context.Reply(writer.CreateMessage());
                return;
            }
            default:
                context.ReplyError(ControlNames.ErrorInvalidArgs, "Job properties are read-only: Get(ss) and GetAll(s)");
                return;
        }
    }

    internal const string Introspectable = """
          <interface name="org.freedesktop.DBus.Introspectable">
            <method name="Introspect"><arg name="data" type="s" direction="out"/></method>
          </interface>
          <interface name="org.freedesktop.DBus.Peer">
            <method name="Ping"/>
            <method name="GetMachineId"><arg name="machine_uuid" type="s" direction="out"/></method>
          </interface>

        """;

    // A whole document: the library's ReplyIntrospectXml lists only registered paths, not the jobs under this one.
    internal static void ReplyXml(MethodContext context, string body)
    {
        var xml = new StringBuilder();
        xml.Append("<!DOCTYPE node PUBLIC \"-//freedesktop//DTD D-BUS Object Introspection 1.0//EN\"\n")
           .Append(" \"http://www.freedesktop.org/standards/dbus/1.0/introspect.dtd\">\n<node>\n")
           .Append(body)
           .Append("</node>\n");
        using var writer = context.CreateReplyWriter("s");
        writer.WriteString(xml.ToString());
        context.Reply(writer.CreateMessage());
    }
}
