using InitOS.Boot.Logging;

namespace InitOS.Boot;

/// <summary>The one way PID 1 starts background work: named, awaited by nobody, but never silent —
/// an exception is logged with the task's name (no fire-and-forget).</summary>
public static class Background
{
    /// <summary>Starts <paramref name="work"/> as the task <paramref name="name"/>.</summary>
    public static Task Run(string name, BootLogger log, Func<Task> work) => Task.Run(async () =>
    {
        try
        {
            await work().ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            log.Write(Core.Boot.SyslogLevel.Debug, $"Background task '{name}' cancelled");
        }
        catch (Exception e)
        {
            log.Error($"Background task '{name}' failed: {e.Message}");
        }
    });
}
