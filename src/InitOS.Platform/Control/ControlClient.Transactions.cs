using InitOS.Core.Control;
using Tmds.DBus.Protocol;

namespace InitOS.Platform.Control;

public sealed partial class ControlClient
{
    /// <inheritdoc/>
    /// <remarks>
    /// Creates the transaction (<c>Upgrade</c> or <c>Rollback</c>), watches its <c>Message</c> and <c>Finished</c>,
    /// then calls <c>Start()</c>, so no line is missed. Canceling <paramref name="cancellationToken"/> only stops
    /// waiting: the transaction goes on in the init (its <c>Cancel()</c> stops it).
    /// </remarks>
    public async Task<JobOutcome> RunOsTransactionAsync(OsTransaction request, Action<string> progress, CancellationToken cancellationToken)
    {
        var connection = await ConnectAsync(cancellationToken).ConfigureAwait(false);
        string method = request.Kind == OsTransaction.Upgrade ? "Upgrade" : "Rollback";
        string path = await CallAsync(c => Options(c, method, request), static (m, _) => m.GetBodyReader().ReadObjectPathAsString(), cancellationToken)
            .ConfigureAwait(false);
        if (ObjectPaths.TransactionId(path) is null)
        {
            throw new ControlException(ControlNames.ErrorFailed, $"The init answered with '{path}', not a transaction");
        }
        var finished = new TaskCompletionSource<JobOutcome>(TaskCreationOptions.RunContinuationsAsynchronously);
        string closed = $"The connection to the init at {_socketPath} closed before the transaction ended";
        // the library calls the handlers one message at a time, in the order they came: the lines stay in order
        using var messages = await connection.WatchSignalAsync(
            sender: null, path, ControlNames.TransactionInterface, "Message",
            static (m, _) => m.GetBodyReader().ReadString(),
            (Notification<string> n) =>
            {
                if (n.HasValue)
                {
                    progress(n.Value);
                }
            },
            ObserverFlags.None, emitOnCapturedContext: false).ConfigureAwait(false);
        using var end = await connection.WatchSignalAsync(
            sender: null, path, ControlNames.TransactionInterface, "Finished",
            static (m, _) =>
            {
                var reader = m.GetBodyReader();
                bool success = reader.ReadBool();
                string error = reader.ReadString();
                return success ? JobOutcome.Done()
                    : error == OsTransaction.CanceledMessage ? new JobOutcome("canceled", error)
                    : JobOutcome.Failed(error);
            },
            (Notification<JobOutcome> n) =>
            {
                if (n.HasValue)
                {
                    finished.TrySetResult(n.Value);
                }
                else
                {
                    finished.TrySetException(new ControlException(ControlNames.ErrorNotReady, closed));
                }
            },
            ObserverFlags.EmitOnConnectionClosed, emitOnCapturedContext: false).ConfigureAwait(false);
        await CallAsync(c => Build(c, path, ControlNames.TransactionInterface, "Start", null, null, null, null),
            static (m, _) => m.GetBodyReader().ReadBool(), cancellationToken).ConfigureAwait(false);
        return await finished.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    private static MessageBuffer Options(DBusConnection connection, string member, OsTransaction request)
    {
        using var writer = connection.GetMessageWriter();
        writer.WriteMethodCallHeader(ControlNames.BusName, ControlNames.ManagerPath, ControlNames.ManagerInterface, member, "a{sv}");
        var dict = writer.WriteDictionaryStart();
        foreach (var (key, _, value) in request.ToOptions())
        {
            writer.WriteDictionaryEntryStart();
            writer.WriteString(key);
            if (value is bool b)
            {
                writer.WriteVariantBool(b);
            }
            else
            {
                writer.WriteVariantString((string)value);
            }
        }
        writer.WriteDictionaryEnd(dict);
        return writer.CreateMessage();
    }
}
