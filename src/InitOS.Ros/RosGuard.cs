using InitOS.Core.Control;

namespace InitOS.Ros;

/// <summary>Runs a command's action so that every expected failure is one <c>ros: ...</c> line and an exit status, never a stack trace.</summary>
internal static class RosGuard
{
    /// <summary>
    /// The synchronous commands' guard (<c>ros config</c>, <c>ros tls</c>): a <see cref="RosException"/> or an I/O
    /// failure is one <c>ros: ...</c> line and its exit status.
    /// </summary>
    public static int RunSync(RosContext context, Func<int> action)
    {
        try
        {
            return action();
        }
        catch (RosException e)
        {
            context.Error.WriteLine($"ros: {e.Message}");
            return e.ExitCode;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            context.Error.WriteLine($"ros: {e.Message}");
            return 1;
        }
    }

    /// <summary>Runs <paramref name="action"/>; returns its status, or 1 after printing the failure.</summary>
    public static async Task<int> Run(RosContext context, Func<Task<int>> action)
    {
        try
        {
            return await action().ConfigureAwait(false);
        }
        catch (RosException e)
        {
            context.Error.WriteLine($"ros: {e.Message}");
            return e.ExitCode;
        }
        catch (ControlException e)
        {
            context.Error.WriteLine($"ros: {e.Message}");
            return 1;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            context.Error.WriteLine($"ros: {e.Message}");
            return 1;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            context.Error.WriteLine($"ros: unexpected {e.GetType().Name}: {e.Message}");
            return 1;
        }
    }
}
