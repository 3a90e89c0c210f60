using InitOS.Boot;
using InitOS.Boot.Logging;
using InitOS.Core.Ports;
using InitOS.Platform.Block;
using InitOS.Platform.Docker;
using InitOS.Platform.Files;
using InitOS.Platform.Lifecycle;
using InitOS.Platform.Linux;
using InitOS.Platform.Logging;
using InitOS.Platform.Processes;
using InitOS.Platform.Signals;

namespace InitOS;

public static partial class Composition
{
    /// <summary>The adapters PID 1 runs on, logging to <paramref name="console"/>.</summary>
    public static InitPorts InitPorts(ConsoleLog console)
    {
        var engines = new Dictionary<string, DockerEngine>(StringComparer.Ordinal);
        var files = RootedFileStore.FromEnvironment();
        return new InitPorts(
            new LinuxSyscalls(),
            new ProcFs(),
            files,
            new SysfsBlockDevices(),
            new ProgramRunner(),
            new ProcessEngineRunner(),
            endpoint =>
            {
                lock (engines)
                {
                    if (!engines.TryGetValue(endpoint, out var engine))
                    {
                        engine = new DockerEngine(endpoint);
                        engines[endpoint] = engine;
                    }
                    return engine;
                }
            },
            new PosixSignalSource(),
            console,
            () => KmsgLog.TryOpen())
        {
            Watchdog = new LinuxWatchdog(),
            GraftImages = Platform.Docker.ImageStoreGraft.Graft,
            ServeControl = async (control, log, cancellationToken) =>
            {
                var server = new Platform.Control.ControlServer(files.Resolve(Core.Control.ControlNames.SocketPath), control, log);
                await server.StartAsync(cancellationToken).ConfigureAwait(false);
                return server;
            },
            RunOsTransaction = RunOsTransactionAsync,
        };
    }

    /// <summary>
    /// An OS transaction in PID 1: the same <see cref="Ros.Os.OsActions"/> as <c>ros os upgrade|rollback</c>, with a
    /// context whose output goes line by line to <paramref name="progress"/>, nothing to read, root, and the disks
    /// and images of <see cref="RosContext()"/> — but a reboot it refuses: the client reboots after the transaction.
    /// </summary>
    private static Task<Core.Control.JobOutcome> RunOsTransactionAsync(Core.Control.OsTransaction request, Action<string> progress,
        CancellationToken cancellationToken)
    {
        var output = new Ros.Os.ProgressWriter(progress);
        var context = new Ros.RosContext(RootedFileStore.FromEnvironment(), new RootedFileStore("/"), TextReader.Null, output, output,
            ProcessEnvironment(), IsRoot: true)
        {
            Os = OsHost(() => throw new InvalidOperationException("the init does not reboot in the middle of a transaction; the client does")),
        };
        // the upgrade copies and hashes files synchronously: off the caller's thread
        return Task.Run(() => Ros.Os.OsActions.RunTransactionHereAsync(context, request, cancellationToken), cancellationToken);
    }

    /// <summary>A boot logger stamping with CLOCK_BOOTTIME, writing to the ring and <paramref name="console"/>.</summary>
    public static BootLogger BootLogger(ConsoleLog console)
    {
        var log = new BootLogger(new ProcFs().UptimeMs, new RingLog());
        log.Add(console);
        return log;
    }
}
