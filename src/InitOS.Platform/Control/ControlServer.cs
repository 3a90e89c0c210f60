using System.Collections.Concurrent;
using System.Net.Sockets;
using InitOS.Core;
using InitOS.Core.Control;

namespace InitOS.Platform.Control;

/// <summary>
/// Serves an <see cref="IInitControl"/> as D-Bus on a peer-to-peer unix socket (no bus daemon): the Manager at
/// <see cref="ControlNames.ManagerPath"/> and one job object per running job. Clients authenticate with SASL
/// EXTERNAL, checked against the socket's peer credentials; root may call everything, other users only read.
/// </summary>
public sealed class ControlServer : IAsyncDisposable
{
    private const int Backlog = 256;

    private readonly string _socketPath;
    private readonly Action<string> _log;
    private readonly IInitControl _control;
    private ControlHub? _hub;
    private readonly ConcurrentDictionary<PeerConnection, Task> _connections = new();
    private readonly CancellationTokenSource _stopping = new();
    private Socket? _listener;
    private Task _acceptLoop = Task.CompletedTask;
    private int _disposed;

    /// <summary>Creates the server; nothing happens until <see cref="StartAsync"/>.</summary>
    /// <param name="socketPath">The socket to create (<see cref="ControlNames.SocketPath"/> in the init).</param>
    /// <param name="control">What the API serves.</param>
    /// <param name="log">Receives one line per failed connection or accept error.</param>
    public ControlServer(string socketPath, IInitControl control, Action<string> log)
    {
        _socketPath = socketPath;
        _log = log;
        _control = control;
    }

    /// <summary>The socket's file mode (default 0600: root only). 0660 or 0666 let others in to read.</summary>
    public UnixFileMode SocketMode { get; init; } = Modes.File0600;

    /// <summary>How long a job may run before it is canceled with the result <c>timeout</c> (default 15 minutes).</summary>
    public TimeSpan JobTimeout { get; init; } = TimeSpan.FromMinutes(15);

    /// <summary>The clock of the job timeout, the transactions' start timeout and retention, and the accept back-off.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>
    /// Creates the socket's directory (0755), removes a stale socket, binds, sets <see cref="SocketMode"/>, listens
    /// and accepts in the background; returns once the socket accepts connections.
    /// </summary>
    /// <exception cref="SocketException">The socket cannot be bound (another server listens on it, or no permission).</exception>
    public Task StartAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        if (_listener != null)
        {
            throw new InvalidOperationException("The control server is started already");
        }
        string? dir = Path.GetDirectoryName(_socketPath);
        if (!string.IsNullOrEmpty(dir) && !Directory.Exists(dir))
        {
            Directory.CreateDirectory(dir, Modes.Dir0755);
        }
        RemoveStaleSocket();
        var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            listener.Bind(new UnixDomainSocketEndPoint(_socketPath));
            File.SetUnixFileMode(_socketPath, SocketMode);
            listener.Listen(Backlog);
        }
        catch
        {
            listener.Dispose();
            throw;
        }
        _listener = listener;
        _hub = new ControlHub(_control, JobTimeout, Time);
        _acceptLoop = AcceptLoopAsync(listener, _hub, _stopping.Token);
        return Task.CompletedTask;
    }

    // A socket file nobody listens on (left by an earlier run) is removed; one that answers is someone else's.
    private void RemoveStaleSocket()
    {
        if (!File.Exists(_socketPath))
        {
            return;
        }
        using var probe = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            probe.Connect(new UnixDomainSocketEndPoint(_socketPath));
        }
        catch (SocketException)
        {
            File.Delete(_socketPath);
            return;
        }
        throw new SocketException((int)SocketError.AddressAlreadyInUse);
    }

    private async Task AcceptLoopAsync(Socket listener, ControlHub hub, CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await listener.AcceptAsync(stopping).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (ObjectDisposedException)
            {
                return;
            }
            catch (SocketException e)
            {
                // EMFILE and the like: say it, give the system a moment, go on
                _log($"Failed to accept a control connection: {e.SocketErrorCode}, continuing");
                await Task.Delay(TimeSpan.FromMilliseconds(100), Time, stopping).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                continue;
            }
            var peer = new PeerConnection(client, hub);
            _connections[peer] = ServeAsync(peer, stopping);
        }
    }

    private async Task ServeAsync(PeerConnection peer, CancellationToken stopping)
    {
        await Task.Yield();
        try
        {
            await peer.RunAsync(stopping).ConfigureAwait(false);
        }
        catch (Exception e) when (!stopping.IsCancellationRequested)
        {
            string who = peer.Peer is { } p ? $"uid {p.Uid} (pid {p.Pid})" : "a client";
            _log($"Control connection from {who} failed: {e.Message}");
        }
        catch (Exception)
        {
            // the server stops: connections end with it
        }
        finally
        {
            peer.Dispose();
            _connections.TryRemove(peer, out _);
        }
    }

    /// <summary>Stops accepting, cancels running jobs, closes every connection and removes the socket.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }
        _stopping.Cancel();
        _listener?.Dispose();
        await _acceptLoop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        if (_hub != null)
        {
            await _hub.Jobs.StopAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
            await _hub.Transactions.StopAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
        }
        foreach (var peer in _connections.Keys)
        {
            peer.Dispose();
        }
        await Task.WhenAll(_connections.Values).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        if (_listener != null)
        {
            try
            {
                File.Delete(_socketPath);
            }
            catch (IOException)
            {
                // gone already, or replaced: not ours to worry about
            }
        }
        _stopping.Dispose();
    }
}
