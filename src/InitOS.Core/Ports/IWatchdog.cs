namespace InitOS.Core.Ports;

/// <summary>
/// The hardware watchdog (<c>/dev/watchdog</c>): armed while a new version is on trial, so that a boot that hangs
/// (kernel or init) is reset and GRUB counts the try; disarmed (magic close) once the trial is committed.
/// </summary>
public interface IWatchdog
{
    /// <summary>Opens and arms the watchdog; false (with the reason) when there is none.</summary>
    bool TryArm(out string reason);

    /// <summary>Keeps the armed watchdog from firing.</summary>
    void Pet();

    /// <summary>Stops the watchdog (magic close).</summary>
    void Disarm();
}
