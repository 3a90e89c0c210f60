using System.Text;
using InitOS.Core.Boot;
using InitOS.Core.Ports;

namespace InitOS.Platform.Logging;

/// <summary>Writes boot records to /dev/kmsg, one write per record (the kernel's record boundary).</summary>
public sealed class KmsgLog : IBootLog, IDisposable
{
    private readonly FileStream _stream;
    private readonly Lock _gate = new();

    private KmsgLog(FileStream stream) => _stream = stream;

    /// <summary>Opens /dev/kmsg (or <paramref name="path"/>); null when it cannot be opened.</summary>
    public static KmsgLog? TryOpen(string path = "/dev/kmsg")
    {
        try
        {
            return new KmsgLog(new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.ReadWrite, 0));
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <inheritdoc/>
    public void Write(BootRecord record)
    {
        var bytes = Encoding.UTF8.GetBytes(BootLogFormat.Kmsg(record, Environment.ProcessId) + "\n");
        lock (_gate)
        {
            try
            {
                _stream.Write(bytes);
            }
            catch (IOException)
            {
                // kmsg rate limiting or a full buffer: drop the record (logging never fails the boot).
            }
        }
    }

    /// <inheritdoc/>
    public void Dispose() => _stream.Dispose();
}
