using InitOS.Core.Boot;
using InitOS.Core.Ports;

namespace InitOS.Boot.Logging;

/// <summary>
/// PID 1's one logger: stamps records with the uptime and fans them out to every sink (kmsg, console,
/// ring). Sinks are added as they become available (kmsg only once devtmpfs is mounted).
/// </summary>
public sealed class BootLogger
{
    private readonly Func<long> _uptimeMs;
    private readonly List<IBootLog> _sinks = [];
    private readonly Lock _gate = new();
    private readonly List<Core.Control.BootMark> _timeline = [];

    /// <summary>Creates a logger writing to <paramref name="ring"/> (always) and stamping with <paramref name="uptimeMs"/>.</summary>
    public BootLogger(Func<long> uptimeMs, RingLog ring)
    {
        _uptimeMs = uptimeMs;
        Ring = ring;
        _sinks.Add(ring);
    }

    /// <summary>The in-memory ring every record lands in.</summary>
    public RingLog Ring { get; }

    /// <summary>True when debug records are kept (<c>rancher.debug</c>).</summary>
    public bool Debug { get; set; }

    /// <summary>Milliseconds since the kernel started.</summary>
    public long Now => _uptimeMs();

    /// <summary>Every timing line written so far (<see cref="StepLine"/>), in order: the boot's timeline.</summary>
    public IReadOnlyList<Core.Control.BootMark> Timeline
    {
        get
        {
            lock (_gate)
            {
                return [.. _timeline];
            }
        }
    }

    /// <summary>Adds a sink.</summary>
    public void Add(IBootLog sink)
    {
        lock (_gate)
        {
            _sinks.Add(sink);
        }
    }

    /// <summary>Writes a plain message.</summary>
    public void Write(SyslogLevel level, string text)
    {
        if (level == SyslogLevel.Debug && !Debug)
        {
            return;
        }
        if (text.StartsWith(StepLine.Prefix + " ", StringComparison.Ordinal) && StepLine.ParseAny(text) is { } mark)
        {
            lock (_gate)
            {
                // bounded: a boot writes a few dozen; engine restarts add services again
                if (_timeline.Count < 4096)
                {
                    _timeline.Add(mark);
                }
            }
        }
        Emit(new BootRecord(level, text, Now));
    }

    /// <summary>Writes a progress line (<c>[  OK  ] text</c>).</summary>
    public void Progress(StepResult result, string text) =>
        Emit(new BootRecord(result == StepResult.Ok ? SyslogLevel.Info : result == StepResult.Degraded ? SyslogLevel.Warning : SyslogLevel.Error, text, Now, result));

    /// <summary>Informational.</summary>
    public void Info(string text) => Write(SyslogLevel.Info, text);

    /// <summary>Significant and shown on the console.</summary>
    public void Notice(string text) => Write(SyslogLevel.Notice, text);

    /// <summary>Warning.</summary>
    public void Warn(string text) => Write(SyslogLevel.Warning, text);

    /// <summary>Error.</summary>
    public void Error(string text) => Write(SyslogLevel.Error, text);

    private void Emit(BootRecord record)
    {
        IBootLog[] sinks;
        lock (_gate)
        {
            sinks = [.. _sinks];
        }
        foreach (var sink in sinks)
        {
            try
            {
                sink.Write(record);
            }
            catch (Exception)
            {
                // A sink that cannot write (console gone, kmsg rate-limited) must never fail the boot.
            }
        }
    }
}
