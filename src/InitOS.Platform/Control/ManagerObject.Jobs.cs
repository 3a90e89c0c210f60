using InitOS.Core.Control;
using Tmds.DBus.Protocol;

namespace InitOS.Platform.Control;

internal sealed partial class ManagerObject
{
    // StartService & co: check the name, allocate the job, reply with its path, then run it.
    private async Task StartServiceJobAsync(MethodContext context, string name, ServiceJob job)
    {
        if (name.Length == 0)
        {
            throw new ControlException(ControlNames.ErrorInvalidArgs, "The service name is empty");
        }
        var services = await _hub.Control.ListServicesAsync(context.RequestAborted).ConfigureAwait(false);
        if (!services.Any(s => s.Name == name))
        {
            string known = services.Count == 0 ? "none" : string.Join(", ", services.Select(s => s.Name).Order(StringComparer.Ordinal));
            throw new ControlException(ControlNames.ErrorNoSuchService, $"No service '{name}' (known: {known})");
        }
        var running = _hub.Jobs.Allocate(name, job);
        ReplyJob(context, running);
        var control = _hub.Control;
        _hub.Jobs.Start(running, ct => control.RunServiceJobAsync(name, job, ct));
    }

    private Task StartReloadAsync(MethodContext context)
    {
        var running = _hub.Jobs.Allocate("", null);
        ReplyJob(context, running);
        var control = _hub.Control;
        _hub.Jobs.Start(running, control.ReloadAsync);
        return Task.CompletedTask;
    }

    private static void ReplyJob(MethodContext context, RunningJob job)
    {
        using var writer = context.CreateReplyWriter("o");
        writer.WriteObjectPath(job.Path);
        context.Reply(writer.CreateMessage());
    }
}
