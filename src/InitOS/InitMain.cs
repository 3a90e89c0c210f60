using InitOS.Boot;
using InitOS.Platform.Logging;
using InitOS.Platform.Signals;

namespace InitOS;

/// <summary>
/// The <c>init</c> personality. As PID 1 it never returns and never lets an exception escape: a failure
/// ends in the recovery console. When not PID 1 (container mode, tests) it returns an exit code.
/// </summary>
public static class InitMain
{
    /// <summary>Runs the init.</summary>
    public static int Run()
    {
        // Reaping first: with a SIGCHLD registration the runtime reaps every child (and, as PID 1, every orphan).
        using var reaping = PosixSignalSource.EnableReaping();
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable("PATH")))
        {
            Environment.SetEnvironmentVariable("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
        }
        var containerMode = Environment.ProcessId != 1;
        var console = new ConsoleLog();
        var log = Composition.BootLogger(console);
        var ports = Composition.InitPorts(console);
        var runtime = new InitRuntime(ports, log, new InitOptions(Ros.BuildInfo.Version, containerMode), TimeProvider.System);
        AppDomain.CurrentDomain.UnhandledException += (_, e) =>
        {
            if (!containerMode)
            {
                runtime.Crash.Handle($"unexpected exception: {e.ExceptionObject}");
            }
        };
        try
        {
            runtime.RunAsync(CancellationToken.None).GetAwaiter().GetResult();
        }
        catch (Exception e)
        {
            var reason = e is BootStepFailedException ? e.Message : $"unexpected exception: {e}";
            if (containerMode)
            {
                log.Error(reason);
                return 1;
            }
            runtime.Crash.Handle(reason);
        }
        if (!containerMode)
        {
            runtime.Crash.Handle("the supervisor loop ended");
        }
        return 0;
    }
}
