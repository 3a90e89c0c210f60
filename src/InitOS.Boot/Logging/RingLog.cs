using InitOS.Core.Boot;
using InitOS.Core.Ports;

namespace InitOS.Boot.Logging;

/// <summary>The in-memory boot log: the last <see cref="Capacity"/> records, for <c>ros</c> and the
/// control API until the syslog container runs.</summary>
public sealed class RingLog : IBootLog
{
    private readonly BootRecord[] _records;
    private readonly Lock _gate = new();
    private long _written;

    /// <summary>Creates a ring holding <paramref name="capacity"/> records.</summary>
    public RingLog(int capacity = 4096)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        _records = new BootRecord[capacity];
    }

    /// <summary>How many records it holds at most.</summary>
    public int Capacity => _records.Length;

    /// <summary>How many records were ever written (older ones beyond capacity are gone).</summary>
    public long Written
    {
        get
        {
            lock (_gate)
            {
                return _written;
            }
        }
    }

    /// <inheritdoc/>
    public void Write(BootRecord record)
    {
        lock (_gate)
        {
            _records[_written % _records.Length] = record;
            _written++;
        }
    }

    /// <summary>The records held, oldest first.</summary>
    public IReadOnlyList<BootRecord> Snapshot()
    {
        lock (_gate)
        {
            var count = (int)Math.Min(_written, _records.Length);
            var result = new List<BootRecord>(count);
            for (var i = _written - count; i < _written; i++)
            {
                result.Add(_records[i % _records.Length]);
            }
            return result;
        }
    }
}
