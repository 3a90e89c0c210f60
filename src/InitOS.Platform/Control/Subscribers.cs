using System.Collections.Concurrent;
using InitOS.Core.Control;
using Tmds.DBus.Protocol;

namespace InitOS.Platform.Control;

/// <summary>
/// The connections that called <c>Subscribe()</c>. Peer-to-peer there is no bus to broadcast, so each signal is
/// sent on every subscribed connection, without a destination.
/// </summary>
internal sealed class Subscribers
{
    private readonly ConcurrentDictionary<DBusConnection, byte> _connections = new();

    public void Add(DBusConnection connection) => _connections.TryAdd(connection, 0);

    public void Remove(DBusConnection connection) => _connections.TryRemove(connection, out _);

    /// <summary>How many connections are subscribed.</summary>
    public int Count => _connections.Count;

    /// <summary>Sends <c>JobNew(u id, o job, s unit)</c>.</summary>
    public void JobNew(RunningJob job)
    {
        foreach (var connection in _connections.Keys)
        {
            using var writer = connection.GetMessageWriter();
            writer.WriteSignalHeader(null, ControlNames.ManagerPath, ControlNames.ManagerInterface, "JobNew", "uos");
            writer.WriteUInt32(job.Id);
            writer.WriteObjectPath(job.Path);
            writer.WriteString(job.Unit);
            connection.TrySendMessage(writer.CreateMessage());
        }
    }

    /// <summary>Sends <c>JobRemoved(u id, o job, s unit, s result, s message)</c>.</summary>
    public void JobRemoved(RunningJob job, JobOutcome outcome)
    {
        foreach (var connection in _connections.Keys)
        {
            using var writer = connection.GetMessageWriter();
            writer.WriteSignalHeader(null, ControlNames.ManagerPath, ControlNames.ManagerInterface, "JobRemoved", "uosss");
            writer.WriteUInt32(job.Id);
            writer.WriteObjectPath(job.Path);
            writer.WriteString(job.Unit);
            writer.WriteString(outcome.Result);
            writer.WriteString(outcome.Message);
            connection.TrySendMessage(writer.CreateMessage());
        }
    }
}
