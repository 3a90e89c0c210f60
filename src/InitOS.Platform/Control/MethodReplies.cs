using InitOS.Core.Control;
using Tmds.DBus.Protocol;

namespace InitOS.Platform.Control;

/// <summary>How handlers answer: errors by name, and calls that finish after the handler returned.</summary>
internal static class MethodReplies
{
    public const string UnknownMethod = "org.freedesktop.DBus.Error.UnknownMethod";
    public const string UnknownObject = "org.freedesktop.DBus.Error.UnknownObject";
    public const string UnknownInterface = "org.freedesktop.DBus.Error.UnknownInterface";
    public const string UnknownProperty = "org.freedesktop.DBus.Error.UnknownProperty";
    public const string PropertyReadOnly = "org.freedesktop.DBus.Error.PropertyReadOnly";

    /// <summary>Answers with an empty reply (a method without out arguments).</summary>
    public static void ReplyEmpty(this MethodContext context)
    {
        using var writer = context.CreateReplyWriter(null);
        context.Reply(writer.CreateMessage());
    }

    /// <summary>Answers a failure: a <see cref="ControlException"/> by its name, anything else as <c>Error.Failed</c>.</summary>
    public static void ReplyFailure(this MethodContext context, Exception exception)
    {
        if (context.ReplySent)
        {
            return;
        }
        if (exception is ControlException control)
        {
            context.ReplyError(control.Name, control.Message);
        }
        else
        {
            context.ReplyError(ControlNames.ErrorFailed, exception.Message);
        }
    }

    /// <summary>
    /// Finishes a call in the background so a slow answer does not hold up the connection's other calls: the
    /// context is disposed when <paramref name="work"/> ends, and a failure becomes an error reply.
    /// </summary>
    public static ValueTask Detach(this MethodContext context, Func<MethodContext, Task> work)
    {
        context.DisposesAsynchronously = true;
        _ = RunAsync(context, work); // never faults: RunAsync catches everything and answers
        return default;
    }

    private static async Task RunAsync(MethodContext context, Func<MethodContext, Task> work)
    {
        try
        {
            await work(context).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            try
            {
                context.ReplyFailure(e);
            }
            catch (ObjectDisposedException)
            {
                // the connection went away meanwhile
            }
        }
        finally
        {
            context.Dispose();
        }
    }
}
