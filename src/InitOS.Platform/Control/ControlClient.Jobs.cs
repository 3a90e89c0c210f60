using System.Collections.Concurrent;
using InitOS.Core.Control;
using Tmds.DBus.Protocol;

namespace InitOS.Platform.Control;

public sealed partial class ControlClient
{
    // Outcomes by job id. JobRemoved can arrive before the call's reply is seen, so either side creates the entry.
    private readonly ConcurrentDictionary<uint, TaskCompletionSource<JobOutcome>> _outcomes = new();
    private Task? _subscribed;
    private readonly object _subscribeGate = new();

    /// <inheritdoc/>
    public Task<JobOutcome> RunServiceJobAsync(string service, ServiceJob job, CancellationToken cancellationToken)
        => RunJobAsync(c => Manager(c, ControlInterfaces.MethodOf(job), "s", service), cancellationToken);

    /// <inheritdoc/>
    public Task<JobOutcome> ReloadAsync(CancellationToken cancellationToken)
        => RunJobAsync(c => Manager(c, "Reload", null), cancellationToken);

    // Subscribe and watch JobRemoved first, then call, then wait for the outcome of the job the reply names.
    private async Task<JobOutcome> RunJobAsync(Func<DBusConnection, MessageBuffer> build, CancellationToken cancellationToken)
    {
        var connection = await ConnectAsync(cancellationToken).ConfigureAwait(false);
        await EnsureSubscribedAsync(connection).WaitAsync(cancellationToken).ConfigureAwait(false);
        string path = await CallAsync(build, static (m, _) => m.GetBodyReader().ReadObjectPathAsString(), cancellationToken).ConfigureAwait(false);
        if (ObjectPaths.JobId(path) is not { } id)
        {
            throw new ControlException(ControlNames.ErrorFailed, $"The init answered with '{path}', not a job");
        }
        var outcome = _outcomes.GetOrAdd(id, static _ => new TaskCompletionSource<JobOutcome>(TaskCreationOptions.RunContinuationsAsynchronously));
        try
        {
            return await outcome.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _outcomes.TryRemove(id, out _);
            ForgetOthersBefore(id);
        }
    }

    // Other clients' jobs end here too (every subscriber gets every signal): drop their finished entries.
    private void ForgetOthersBefore(uint id)
    {
        foreach (var (other, tcs) in _outcomes)
        {
            if (other < id && tcs.Task.IsCompleted)
            {
                _outcomes.TryRemove(other, out _);
            }
        }
    }

    private Task EnsureSubscribedAsync(DBusConnection connection)
    {
        lock (_subscribeGate)
        {
            if (_subscribed is null || _subscribed.IsFaulted || _subscribed.IsCanceled)
            {
                _subscribed = SubscribeAsync(connection);
            }
            return _subscribed;
        }
    }

    private async Task SubscribeAsync(DBusConnection connection)
    {
        await connection.WatchSignalAsync(
            sender: null, ControlNames.ManagerPath, ControlNames.ManagerInterface, "JobRemoved",
            static (m, _) =>
            {
                var reader = m.GetBodyReader();
                uint id = reader.ReadUInt32();
                _ = reader.ReadObjectPath();
                _ = reader.ReadString();
                return (Id: id, Outcome: new JobOutcome(reader.ReadString(), reader.ReadString()));
            },
            (Notification<(uint Id, JobOutcome Outcome)> n) =>
            {
                if (n.HasValue)
                {
                    _outcomes.GetOrAdd(n.Value.Id, static _ => new TaskCompletionSource<JobOutcome>(TaskCreationOptions.RunContinuationsAsynchronously))
                        .TrySetResult(n.Value.Outcome);
                }
                else if (n.IsCompletion)
                {
                    var failure = new ControlException(ControlNames.ErrorNotReady, $"The connection to the init at {_socketPath} closed before the job ended");
                    foreach (var tcs in _outcomes.Values)
                    {
                        tcs.TrySetException(failure);
                    }
                }
            },
            ObserverFlags.None, emitOnCapturedContext: false).ConfigureAwait(false);
        await CallAsync(c => Manager(c, "Subscribe", null), static (_, _) => true, CancellationToken.None).ConfigureAwait(false);
    }
}
