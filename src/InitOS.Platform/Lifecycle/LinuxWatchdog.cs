using InitOS.Core.Ports;

namespace InitOS.Platform.Lifecycle;

/// <summary><see cref="IWatchdog"/> over the kernel's watchdog device: any write pets it, a 'V' before the
/// close stops it (kernels built without WATCHDOG_NOWAYOUT, as Debian's).</summary>
public sealed class LinuxWatchdog(string device = "/dev/watchdog") : IWatchdog
{
    private readonly Lock _gate = new();
    private FileStream? _stream;

    /// <inheritdoc/>
    public bool TryArm(out string reason)
    {
        lock (_gate)
        {
            if (_stream != null)
            {
                reason = "";
                return true;
            }
            if (!File.Exists(device))
            {
                reason = $"no {device}";
                return false;
            }
            try
            {
                _stream = new FileStream(device, FileMode.Open, FileAccess.Write, FileShare.ReadWrite, 1);
                reason = "";
                return true;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                reason = $"cannot open {device}: {e.Message}";
                return false;
            }
        }
    }

    /// <inheritdoc/>
    public void Pet()
    {
        lock (_gate)
        {
            if (_stream is null)
            {
                return;
            }
            _stream.WriteByte(0);
            _stream.Flush();
        }
    }

    /// <inheritdoc/>
    public void Disarm()
    {
        lock (_gate)
        {
            if (_stream is null)
            {
                return;
            }
            try
            {
                _stream.WriteByte((byte)'V');
                _stream.Flush();
            }
            finally
            {
                _stream.Dispose();
                _stream = null;
            }
        }
    }
}
