using InitOS.Core.Boot;

namespace InitOS.Core.Ports;

/// <summary>A sink of boot log records (/dev/kmsg, the console, the in-memory ring).</summary>
public interface IBootLog
{
    /// <summary>Writes one record; a sink that cannot write drops it silently (logging never fails the boot).</summary>
    void Write(BootRecord record);
}
