using System.Buffers.Binary;
using System.Text;

namespace InitOS.Platform.Control;

/// <summary>
/// The stream a server-side <see cref="Tmds.DBus.Protocol.DBusConnection"/> runs on. Tmds.DBus.Protocol only
/// implements the client side of the handshake, so this stream plays the server to it before it lets the real peer
/// in: it answers Tmds's <c>AUTH</c> with <c>OK</c> (and <c>NEGOTIATE_UNIX_FD</c> with <c>ERROR</c>), swallows its
/// <c>BEGIN</c> and its <c>Hello()</c> and feeds back an error reply (so Tmds treats the other end as a peer, not a
/// bus). The peer's bytes — first the leftover the SASL exchange read past <c>BEGIN</c>, then the socket — are held
/// back until <see cref="Release"/>, so no call arrives before the handlers are registered.
/// </summary>
internal sealed class HandshakeShimStream : Stream
{
    private const int MaxHandshakeBytes = 4096;

    private enum Phase { Auth, Hello, Passthrough }

    private readonly Stream _inner;
    private readonly string _guid;
    private readonly object _gate = new();
    private readonly Queue<byte[]> _replies = new();   // what Tmds reads during the fake handshake
    private int _replyOffset;
    private ReadOnlyMemory<byte> _leftover;
    private readonly SemaphoreSlim _readable = new(0);
    private volatile bool _released;
    private readonly byte[] _written = new byte[MaxHandshakeBytes];
    private int _writtenCount;
    private Phase _phase = Phase.Auth;

    /// <summary>Wraps the peer's stream; <paramref name="leftover"/> is what the SASL exchange read past BEGIN.</summary>
    public HandshakeShimStream(Stream inner, string guid, ReadOnlyMemory<byte> leftover)
    {
        _inner = inner;
        _guid = guid;
        _leftover = leftover.ToArray();
    }

    /// <summary>Lets the peer's bytes through (call once the handlers are registered).</summary>
    public void Release()
    {
        _released = true;
        _readable.Release();
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        while (true)
        {
            lock (_gate)
            {
                if (_replies.Count > 0)
                {
                    byte[] head = _replies.Peek();
                    int n = Math.Min(buffer.Length, head.Length - _replyOffset);
                    head.AsSpan(_replyOffset, n).CopyTo(buffer.Span);
                    _replyOffset += n;
                    if (_replyOffset == head.Length)
                    {
                        _replies.Dequeue();
                        _replyOffset = 0;
                    }
                    return n;
                }
                if (_released && _phase == Phase.Passthrough)
                {
                    if (!_leftover.IsEmpty)
                    {
                        int n = Math.Min(buffer.Length, _leftover.Length);
                        _leftover[..n].CopyTo(buffer);
                        _leftover = _leftover[n..];
                        return n;
                    }
                    break;
                }
            }
            await _readable.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        return await _inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
    }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_phase != Phase.Passthrough)
        {
            buffer = TakeHandshake(buffer.Span);
            if (buffer.IsEmpty)
            {
                return;
            }
        }
        await _inner.WriteAsync(buffer, cancellationToken).ConfigureAwait(false);
    }

    // Consumes what Tmds writes during its handshake; returns what is left for the peer (bytes after the Hello).
    private ReadOnlyMemory<byte> TakeHandshake(ReadOnlySpan<byte> data)
    {
        lock (_gate)
        {
            if (_writtenCount + data.Length > _written.Length)
            {
                throw new IOException("The connection's own handshake is larger than expected");
            }
            data.CopyTo(_written.AsSpan(_writtenCount));
            _writtenCount += data.Length;
            while (_phase == Phase.Auth && TakeAuthLine())
            {
            }
            if (_phase == Phase.Hello && TakeHello())
            {
                _phase = Phase.Passthrough;
                byte[] rest = _written.AsSpan(0, _writtenCount).ToArray();
                _writtenCount = 0;
                return rest;
            }
            return ReadOnlyMemory<byte>.Empty;
        }
    }

    private bool TakeAuthLine()
    {
        var span = _written.AsSpan(0, _writtenCount);
        int start = 0;
        while (start < span.Length && span[start] == 0)
        {
            start++; // the leading NUL byte
        }
        int nl = span[start..].IndexOf("\r\n"u8);
        if (nl < 0)
        {
            return false;
        }
        string line = Encoding.ASCII.GetString(span.Slice(start, nl));
        Consume(start + nl + 2);
        if (line.StartsWith("AUTH", StringComparison.Ordinal))
        {
            Reply(Encoding.ASCII.GetBytes($"OK {_guid}\r\n"));
        }
        else if (line == "BEGIN")
        {
            _phase = Phase.Hello;
        }
        else
        {
            Reply("ERROR\r\n"u8.ToArray());
        }
        return true;
    }

    private bool TakeHello()
    {
        var span = _written.AsSpan(0, _writtenCount);
        if (span.Length < 16)
        {
            return false;
        }
        bool little = span[0] == (byte)'l';
        uint bodyLength = little ? BinaryPrimitives.ReadUInt32LittleEndian(span[4..]) : BinaryPrimitives.ReadUInt32BigEndian(span[4..]);
        uint serial = little ? BinaryPrimitives.ReadUInt32LittleEndian(span[8..]) : BinaryPrimitives.ReadUInt32BigEndian(span[8..]);
        uint fieldsLength = little ? BinaryPrimitives.ReadUInt32LittleEndian(span[12..]) : BinaryPrimitives.ReadUInt32BigEndian(span[12..]);
        long total = 16 + ((fieldsLength + 7L) & ~7L) + bodyLength;
        if (total > _written.Length)
        {
            throw new IOException("The connection's own Hello is larger than expected");
        }
        if (span.Length < total)
        {
            return false;
        }
        Consume((int)total);
        Reply(HelloRefusal.Create(serial));
        return true;
    }

    private void Consume(int count)
    {
        _written.AsSpan(count, _writtenCount - count).CopyTo(_written);
        _writtenCount -= count;
    }

    private void Reply(byte[] bytes)
    {
        _replies.Enqueue(bytes);
        _readable.Release();
    }

    public override bool CanRead => true;
    public override bool CanWrite => true;
    public override bool CanSeek => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override Task FlushAsync(CancellationToken cancellationToken) => _inner.FlushAsync(cancellationToken);
    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();
    public override void Write(byte[] buffer, int offset, int count) => WriteAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();
    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();
    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _inner.Dispose();
            _readable.Dispose();
        }
        base.Dispose(disposing);
    }
}
