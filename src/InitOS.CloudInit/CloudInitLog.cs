using InitOS.Core.Boot;
using InitOS.Core.Ports;

namespace InitOS.CloudInit;

/// <summary>
/// Writes the cloud-init programs' records to a boot log sink, stamped with the uptime. Safe to call from several
/// threads (console-init's children are supervised concurrently); keeps the last <see cref="Kept"/> records.
/// </summary>
public sealed class CloudInitLog
{
    private readonly IBootLog _sink;
    private readonly Func<long> _uptimeMs;
    /// <summary>How many records <see cref="Written"/> keeps (console-init runs for the whole uptime).</summary>
    public const int Kept = 4096;

    private readonly List<BootRecord> _written = [];
    private readonly Lock _lock = new();

    /// <summary>Creates the log over <paramref name="sink"/>.</summary>
    public CloudInitLog(IBootLog sink, Func<long> uptimeMs)
    {
        _sink = sink;
        _uptimeMs = uptimeMs;
    }

    /// <summary>A copy of the records written so far, at most <see cref="Kept"/> (for the caller's summary and for tests).</summary>
    public IReadOnlyList<BootRecord> Written
    {
        get
        {
            lock (_lock)
            {
                return _written.ToList();
            }
        }
    }

    /// <summary>Writes one record.</summary>
    public void Write(SyslogLevel level, string text)
    {
        var record = new BootRecord(level, text, _uptimeMs());
        lock (_lock)
        {
            if (_written.Count == Kept)
            {
                _written.RemoveAt(0);
            }
            _written.Add(record);
            _sink.Write(record);
        }
    }

    /// <summary>Informational record.</summary>
    public void Info(string text) => Write(SyslogLevel.Info, text);

    /// <summary>Notice record.</summary>
    public void Notice(string text) => Write(SyslogLevel.Notice, text);

    /// <summary>Warning record.</summary>
    public void Warn(string text) => Write(SyslogLevel.Warning, text);

    /// <summary>Error record.</summary>
    public void Error(string text) => Write(SyslogLevel.Error, text);
}
