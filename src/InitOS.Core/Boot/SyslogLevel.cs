namespace InitOS.Core.Boot;

/// <summary>The eight syslog priorities, as /dev/kmsg speaks them.</summary>
public enum SyslogLevel
{
    /// <summary>System is unusable.</summary>
    Emergency = 0,
    /// <summary>Action must be taken immediately.</summary>
    Alert = 1,
    /// <summary>Critical conditions.</summary>
    Critical = 2,
    /// <summary>Error conditions.</summary>
    Error = 3,
    /// <summary>Warning conditions.</summary>
    Warning = 4,
    /// <summary>Normal but significant.</summary>
    Notice = 5,
    /// <summary>Informational.</summary>
    Info = 6,
    /// <summary>Debug-level messages.</summary>
    Debug = 7,
}
