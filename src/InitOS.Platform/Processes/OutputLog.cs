using InitOS.Core.Boot;

namespace InitOS.Platform.Processes;

/// <summary>
/// A daemon log file fed by pipe copiers (<see cref="OutputLogPolicy"/>): <see cref="Write"/> never throws and
/// never blocks on a failed file, rotates at the cap, and reports dropping and resuming once each through
/// the notice callback. Shared by every daemon that logs to the same path (containerd and dockerd).
/// </summary>
internal sealed class OutputLog
{
    private readonly string _path;
    private readonly OutputLogPolicy _policy;
    private readonly Action<string> _notice;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private FileStream? _file;
    private long _size;
    private bool _dropping;
    private long _dropped;
    private long _retryAt;
    private bool _closed;

    internal OutputLog(string path, OutputLogPolicy policy, Action<string> notice, TimeProvider time)
    {
        _time = time;
        _path = path;
        _policy = policy;
        _notice = notice;
    }

    internal int References { get; set; }

    /// <summary>Appends <paramref name="data"/>, or drops it while the file cannot be written.</summary>
    internal void Write(ReadOnlySpan<byte> data)
    {
        string? say = null;
        lock (_gate)
        {
            if (_closed)
            {
                return;
            }
            try
            {
                if (_file == null)
                {
                    if (_dropping && _time.GetTimestamp() < _retryAt)
                    {
                        _dropped += data.Length;
                        return;
                    }
                    Open();
                }
                if (_policy.MustRotate(_size, data.Length))
                {
                    Rotate();
                }
                _file!.Write(data);
                _file.Flush();
                _size += data.Length;
                if (_dropping)
                {
                    _dropping = false;
                    say = OutputLogPolicy.ResumedMessage(_path, _dropped);
                    _dropped = 0;
                }
            }
            catch (Exception e)
            {
                // Disk full, read-only, I/O error, the directory gone: drop, try again later, say so once.
                Discard();
                _dropped += data.Length;
                _retryAt = _time.GetTimestamp() + (long)(_policy.RetryAfter.TotalSeconds * _time.TimestampFrequency);
                if (!_dropping)
                {
                    _dropping = true;
                    say = OutputLogPolicy.DroppingMessage(_path, e.Message);
                }
            }
        }
        if (say != null)
        {
            try
            {
                _notice(say);
            }
            catch (Exception)
            {
                // A notice that cannot be delivered must not stop the copy.
            }
        }
    }

    /// <summary>Closes the file (so its filesystem can be unmounted); later writes are dropped.</summary>
    internal void Close()
    {
        lock (_gate)
        {
            _closed = true;
            Discard();
        }
    }

    private void Open()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(_path)!);
        _file = new FileStream(_path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite);
        _size = _file.Length;
    }

    private void Rotate()
    {
        Discard();
        File.Move(_path, OutputLogPolicy.Rotated(_path), overwrite: true);
        Open();
    }

    private void Discard()
    {
        try
        {
            _file?.Dispose();
        }
        catch (Exception)
        {
            // Flushing on close can fail the same way the write did; the data is dropped either way.
        }
        _file = null;
    }

    /// <summary>Copies <paramref name="pipe"/> into <paramref name="log"/> until end of file; never throws.</summary>
    internal static async Task PumpAsync(Stream pipe, OutputLog log)
    {
        var buffer = new byte[16 * 1024];
        var failures = 0;
        while (true)
        {
            int n;
            try
            {
                n = await pipe.ReadAsync(buffer).ConfigureAwait(false);
                failures = 0;
            }
            catch (ObjectDisposedException)
            {
                return;
            }
            catch (Exception) when (++failures < 50)
            {
                // A read error on the pipe: try again shortly (the daemon must not block on a full pipe).
                await Task.Delay(TimeSpan.FromMilliseconds(100), log._time).ConfigureAwait(false);
                continue;
            }
            catch (Exception)
            {
                return;
            }
            if (n == 0)
            {
                return;
            }
            log.Write(buffer.AsSpan(0, n));
        }
    }
}
