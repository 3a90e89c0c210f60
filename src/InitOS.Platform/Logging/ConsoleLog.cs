using System.Text;
using InitOS.Core.Boot;
using InitOS.Core.Ports;

namespace InitOS.Platform.Logging;

/// <summary>Writes progress lines and notable messages to the console (PID 1's stdout, the kernel's
/// /dev/console), unbuffered so a crash never loses a line.</summary>
public sealed class ConsoleLog : IBootLog
{
    private readonly Stream _stream;
    private readonly Lock _gate = new();

    /// <summary>Writes to <paramref name="stream"/> (default: standard output).</summary>
    public ConsoleLog(Stream? stream = null) => _stream = stream ?? Console.OpenStandardOutput();

    /// <summary>The lowest-priority plain message shown (progress lines are always shown).</summary>
    public SyslogLevel Threshold { get; set; } = SyslogLevel.Notice;

    /// <inheritdoc/>
    public void Write(BootRecord record)
    {
        if (BootLogFormat.Console(record, Threshold) is not { } line)
        {
            return;
        }
        WriteLine(line);
    }

    /// <summary>Writes one raw line.</summary>
    public void WriteLine(string line)
    {
        var bytes = Encoding.UTF8.GetBytes(line + "\n");
        lock (_gate)
        {
            try
            {
                _stream.Write(bytes);
                _stream.Flush();
            }
            catch (IOException)
            {
                // No console: nothing to do.
            }
        }
    }
}
