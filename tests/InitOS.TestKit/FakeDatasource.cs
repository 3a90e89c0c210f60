using System.Text;
using InitOS.Core.Datasources;

namespace InitOS.TestKit;

/// <summary>
/// <see cref="IDatasource"/> whose attempts follow a script (given the attempt number, from 1), for the prober's
/// tests; the named constructors cover what a real source does: answer, be absent, ask for a retry, stay silent
/// until cancelled, or hang in a call that ignores cancellation.
/// </summary>
public sealed class FakeDatasource(string name, Func<int, CancellationToken, Task<ProbeAttempt>> attempt) : IDatasource
{
    private int _attempts;

    /// <inheritdoc/>
    public string Name => name;

    /// <summary>The attempts made so far.</summary>
    public int Attempts => Volatile.Read(ref _attempts);

    /// <inheritdoc/>
    public Task<ProbeAttempt> TryFetchAsync(CancellationToken cancellationToken) =>
        attempt(Interlocked.Increment(ref _attempts), cancellationToken);

    /// <summary>Finds <paramref name="userData"/> at once; with <paramref name="after"/>, once that task is done.</summary>
    public static FakeDatasource Found(string name, string userData, Task? after = null) => new(name, async (_, token) =>
    {
        if (after != null)
        {
            await after.WaitAsync(token);
        }
        return ProbeAttempt.Found(new DatasourceResult(name, Encoding.UTF8.GetBytes(userData), InstanceMetadata.Empty));
    });

    /// <summary>Answers that it is not there.</summary>
    public static FakeDatasource Absent(string name) => new(name, (_, _) => Task.FromResult(ProbeAttempt.Absent("not here")));

    /// <summary>Asks for a retry every time (refused, unreachable).</summary>
    public static FakeDatasource Refused(string name) => new(name, (_, _) => Task.FromResult(ProbeAttempt.Retry("connection refused")));

    /// <summary>Never answers; ends when its attempt is cancelled.</summary>
    public static FakeDatasource Silent(string name) => new(name, (_, token) =>
    {
        var silence = new TaskCompletionSource<ProbeAttempt>(TaskCreationOptions.RunContinuationsAsynchronously);
        token.Register(() => silence.TrySetCanceled(token));
        return silence.Task;
    });

    /// <summary>Blocked in a call that ignores cancellation, like a hung mount: its attempt never ends.</summary>
    public static FakeDatasource Stuck(string name) => new(name, (_, _) => new TaskCompletionSource<ProbeAttempt>().Task);
}
