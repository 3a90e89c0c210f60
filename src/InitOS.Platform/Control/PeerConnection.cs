using System.Net.Sockets;
using InitOS.Core.Control;
using InitOS.Core.Timing;
using Tmds.DBus.Protocol;

namespace InitOS.Platform.Control;

/// <summary>
/// One accepted client: its credentials, the SASL exchange (bounded by <see cref="AuthTimeout"/>), then a
/// <see cref="DBusConnection"/> on a <see cref="HandshakeShimStream"/> with this connection's handlers.
/// </summary>
internal sealed class PeerConnection : IDisposable
{
    /// <summary>How long a client may take to authenticate.</summary>
    public static readonly TimeSpan AuthTimeout = TimeSpan.FromSeconds(10);

    private readonly Socket _socket;
    private readonly ControlHub _hub;
    private DBusConnection? _connection;
    private NetworkStream? _stream;

    public PeerConnection(Socket socket, ControlHub hub)
    {
        _socket = socket;
        _hub = hub;
    }

    /// <summary>The peer's credentials once read (for the log).</summary>
    public PeerCredentials? Peer { get; private set; }

    /// <summary>Serves the client until it disconnects or <paramref name="stopping"/> fires.</summary>
    /// <exception cref="Exception">Any failure of this connection (the server logs it and goes on).</exception>
    public async Task RunAsync(CancellationToken stopping)
    {
        _stream = new NetworkStream(_socket, ownsSocket: true);
        var peer = PeerCredentials.Read(_socket);
        Peer = peer;
        using var deadline = new Deadline(AuthTimeout, _hub.Time, stopping);
        ReadOnlyMemory<byte> leftover;
        try
        {
            leftover = await SaslHandshake.RunAsync(_stream, new SaslServer(peer.Uid, _hub.Guid), deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!stopping.IsCancellationRequested)
        {
            throw new TimeoutException($"The client did not authenticate within {AuthTimeout.TotalSeconds:0} s");
        }
        var shim = new HandshakeShimStream(_stream, _hub.Guid, leftover);
        var connection = new DBusConnection(new PeerStreamOptions(shim));
        _connection = connection;
        await connection.ConnectAsync().AsTask().WaitAsync(deadline.Token).ConfigureAwait(false);
        connection.AddMethodHandlers(
        [
            new BusObject(_hub.NextUniqueName(), _hub.Guid),
            new ManagerObject(_hub, connection, peer.Uid),
            new JobsObject(_hub, peer.Uid),
            new TransactionsObject(_hub, connection, peer.Uid),
        ]);
        shim.Release();
        try
        {
            using var registration = stopping.Register(static c => ((DBusConnection)c!).Dispose(), connection);
            Exception? reason = await connection.DisconnectedAsync().ConfigureAwait(false);
            if (reason != null && !stopping.IsCancellationRequested && !IsOrdinaryHangUp(reason))
            {
                throw new IOException(reason.Message, reason);
            }
        }
        finally
        {
            _hub.Subscribers.Remove(connection);
            _hub.Transactions.Disconnected(connection);
        }
    }

    // A client that simply closes its end is not a failure.
    private static bool IsOrdinaryHangUp(Exception reason)
    {
        for (Exception? e = reason; e != null; e = e.InnerException)
        {
            if (e is SocketException { SocketErrorCode: SocketError.ConnectionReset or SocketError.Shutdown }
                || e.Message.Contains("closed", StringComparison.OrdinalIgnoreCase)
                || e.Message.Contains("end of stream", StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }
        return false;
    }

    public void Dispose()
    {
        if (_connection != null)
        {
            _hub.Subscribers.Remove(_connection);
            _hub.Transactions.Disconnected(_connection);
            _connection.Dispose();
        }
        _stream?.Dispose();
        _socket.Dispose();
    }
}
