using InitOS.Core.Boot;
using InitOS.Core.Ports;

namespace InitOS.CloudInit;

/// <summary>Writes the cloud-init programs' records to a boot log sink, stamped with the uptime.</summary>
public sealed class CloudInitLog
{
    private readonly IBootLog _sink;
    private readonly Func<long> _uptimeMs;
    private readonly List<BootRecord> _written = [];

    /// <summary>Creates the log over <paramref name="sink"/>.</summary>
    public CloudInitLog(IBootLog sink, Func<long> uptimeMs)
    {
        _sink = sink;
        _uptimeMs = uptimeMs;
    }

    /// <summary>Every record written so far (for the caller's summary and for tests).</summary>
    public IReadOnlyList<BootRecord> Written => _written;

    /// <summary>Writes one record.</summary>
    public void Write(SyslogLevel level, string text)
    {
        var record = new BootRecord(level, text, _uptimeMs());
        _written.Add(record);
        _sink.Write(record);
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
