using InitOS.Core.Boot;
using InitOS.Core.Ports;

namespace InitOS.Platform.Logging;

/// <summary>Writes each record to two sinks (the console and <c>/dev/kmsg</c>, for the helper personalities).</summary>
public sealed class TeeLog(IBootLog first, IBootLog second) : IBootLog
{
    /// <inheritdoc/>
    public void Write(BootRecord record)
    {
        first.Write(record);
        second.Write(record);
    }
}
