using System.Net.Sockets;
using InitOS.Core.Boot;
using InitOS.Core.Control;
using Tmds.DBus.Protocol;

namespace InitOS.Platform.Control;

/// <summary>
/// The init's control API as seen from <c>ros</c>: each <see cref="IInitControl"/> method is one D-Bus call on the
/// socket (connected on first use). D-Bus errors come back as <see cref="ControlException"/>s with the same name and
/// message; a socket that is missing or refuses gives <see cref="ControlNames.ErrorNotReady"/>.
/// </summary>
public sealed partial class ControlClient : IInitControl, IAsyncDisposable
{
    private readonly string _socketPath;
    private readonly SemaphoreSlim _connectLock = new(1, 1);
    private DBusConnection? _connection;

    /// <summary>Creates the client; it connects on the first call.</summary>
    public ControlClient(string socketPath) => _socketPath = socketPath;

    /// <inheritdoc/>
    public Task<InitStatus> StatusAsync(CancellationToken cancellationToken) => CallAsync(
        c => Properties(c, "GetAll", "s", ControlNames.ManagerInterface),
        static (m, _) =>
        {
            var values = m.GetBodyReader().ReadDictionaryOfStringToVariantValue();
            string S(string key) => values.TryGetValue(key, out var v) ? v.GetString() : "";
            long uptime = values.TryGetValue("UptimeMs", out var u) ? (long)u.GetUInt64() : 0;
            return new InitStatus(S("Version"), S("BootedSlot"), S("Phase"), uptime);
        },
        cancellationToken);

    /// <inheritdoc/>
    public Task<IReadOnlyList<ServiceState>> ListServicesAsync(CancellationToken cancellationToken) => CallAsync(
        c => Manager(c, "ListServices", null),
        static (m, _) =>
        {
            var reader = m.GetBodyReader();
            var list = new List<ServiceState>();
            var end = reader.ReadArrayStart(DBusType.Struct);
            while (reader.HasNext(end))
            {
                reader.AlignStruct();
                string name = reader.ReadString(), scope = reader.ReadString(), state = reader.ReadString();
                string image = reader.ReadString(), detail = reader.ReadString();
                _ = reader.ReadString(); // the running job's type: not part of ServiceState
                list.Add(new ServiceState(name, scope, state, image, detail, reader.ReadBool()));
            }
            return (IReadOnlyList<ServiceState>)list;
        },
        cancellationToken);

    /// <inheritdoc/>
    public Task<string> ServiceLogsAsync(string service, int lines, CancellationToken cancellationToken) => CallAsync(
        c => Manager(c, "GetServiceLogs", "su", service, (uint)Math.Max(0, lines)),
        static (m, _) => m.GetBodyReader().ReadString(),
        cancellationToken);

    /// <inheritdoc/>
    public Task<IReadOnlyList<BootMark>> BootTimelineAsync(CancellationToken cancellationToken) => CallAsync(
        c => Manager(c, "GetBootTimeline", null),
        static (m, _) =>
        {
            var reader = m.GetBodyReader();
            var list = new List<BootMark>();
            var end = reader.ReadArrayStart(DBusType.Struct);
            while (reader.HasNext(end))
            {
                reader.AlignStruct();
                list.Add(new BootMark(reader.ReadString(), reader.ReadString(), (long)reader.ReadUInt64(), (long)reader.ReadUInt64(), reader.ReadString()));
            }
            return (IReadOnlyList<BootMark>)list;
        },
        cancellationToken);

    /// <inheritdoc/>
    public Task RequestPowerAsync(PowerAction action, CancellationToken cancellationToken) => CallAsync(
        c => Manager(c, action.ToString(), null),
        static (_, _) => true,
        cancellationToken);

    /// <summary>Closes the connection.</summary>
    public ValueTask DisposeAsync()
    {
        _connection?.Dispose();
        _connectLock.Dispose();
        return default;
    }

    private async Task<DBusConnection> ConnectAsync(CancellationToken cancellationToken)
    {
        if (_connection is { } ready)
        {
            return ready;
        }
        await _connectLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_connection != null)
            {
                return _connection;
            }
            var connection = new DBusConnection("unix:path=" + _socketPath);
            try
            {
                await connection.ConnectAsync().AsTask().WaitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                connection.Dispose();
                throw NotReachable(e);
            }
            _connection = connection;
            return connection;
        }
        finally
        {
            _connectLock.Release();
        }
    }

    private ControlException NotReachable(Exception e)
    {
        string reason = Innermost(e) switch
        {
            SocketException { SocketErrorCode: SocketError.AddressNotAvailable or SocketError.AddressFamilyNotSupported } => "no such socket",
            SocketException { SocketErrorCode: SocketError.ConnectionRefused } => "connection refused (the init does not listen)",
            SocketException { SocketErrorCode: SocketError.AccessDenied } => "permission denied (run as root)",
            SocketException s when s.NativeErrorCode == 2 => "no such socket",
            var inner => inner.Message,
        };
        return new ControlException(ControlNames.ErrorNotReady, $"cannot reach the init at {_socketPath}: {reason}", e);
    }

    private static Exception Innermost(Exception e)
    {
        while (e.InnerException != null)
        {
            e = e.InnerException;
        }
        return e;
    }

    private async Task<T> CallAsync<T>(Func<DBusConnection, MessageBuffer> build, MessageValueReader<T> read, CancellationToken cancellationToken)
    {
        var connection = await ConnectAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await connection.CallMethodAsync(build(connection), read).WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (DBusErrorReplyException e)
        {
            throw new ControlException(e.ErrorName, e.ErrorMessage, e);
        }
        catch (DBusConnectionClosedException e)
        {
            throw NotReachable(e);
        }
    }

    private static MessageBuffer Manager(DBusConnection connection, string member, string? signature, string? s = null, uint? u = null)
        => Build(connection, ControlNames.ManagerPath, ControlNames.ManagerInterface, member, signature, s, null, u);

    private static MessageBuffer Properties(DBusConnection connection, string member, string signature, string iface)
        => Build(connection, ControlNames.ManagerPath, "org.freedesktop.DBus.Properties", member, signature, iface, null, null);

    private static MessageBuffer Build(DBusConnection connection, string path, string iface, string member, string? signature,
        string? s1, string? s2, uint? u)
    {
        using var writer = connection.GetMessageWriter();
        writer.WriteMethodCallHeader(ControlNames.BusName, path, iface, member, signature);
        if (s1 != null)
        {
            writer.WriteString(s1);
        }
        if (s2 != null)
        {
            writer.WriteString(s2);
        }
        if (u is { } value)
        {
            writer.WriteUInt32(value);
        }
        return writer.CreateMessage();
    }
}
