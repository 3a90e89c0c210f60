namespace InitOS.Core.Boot;

/// <summary>The signals PID 1 owns, with their Linux x86-64 numbers.</summary>
public enum SystemSignal
{
    /// <summary>SIGHUP.</summary>
    Hangup = 1,
    /// <summary>SIGINT (also ctrl-alt-del once RB_DISABLE_CAD is set).</summary>
    Interrupt = 2,
    /// <summary>SIGQUIT.</summary>
    Quit = 3,
    /// <summary>SIGUSR1.</summary>
    User1 = 10,
    /// <summary>SIGUSR2.</summary>
    User2 = 12,
    /// <summary>SIGTERM.</summary>
    Terminate = 15,
    /// <summary>SIGPWR.</summary>
    Power = 30,
}
