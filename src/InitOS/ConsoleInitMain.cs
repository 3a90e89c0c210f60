using System.Runtime.InteropServices;
using InitOS.CloudInit;
using InitOS.Platform.CloudInit;
using InitOS.Platform.Files;
using InitOS.Platform.Linux;
using InitOS.Platform.Processes;

namespace InitOS;

/// <summary>
/// The <c>console-init</c> personality, the command of the <c>console</c> system container: wires the Platform
/// adapters (rooted at <c>$INITOS_ROOT</c>, default <c>/</c>: the console's root) into
/// <see cref="ConsoleInit"/>. SIGTERM and SIGINT stop the children and end it with status 0.
/// <c>console-init --setup-only</c> performs the setup and the scripts and exits (tests, debugging).
/// </summary>
public static class ConsoleInitMain
{
    /// <summary>Runs the program.</summary>
    public static int Run(string[] args)
    {
        var setupOnly = args is ["--setup-only"];
        if (args.Length > 0 && !setupOnly)
        {
            Console.Error.WriteLine("usage: console-init [--setup-only]");
            return 2;
        }
        using var stop = new CancellationTokenSource();
        void Stop(PosixSignalContext context)
        {
            context.Cancel = true;
            stop.Cancel();
        }
        using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
        var files = RootedFileStore.FromEnvironment();
        var syscalls = new LinuxSyscalls();
        var program = new ConsoleInit(files, new LinuxHostFiles(files), new ProgramRunner(), new ProcessChildLauncher(syscalls),
            CloudInitMain.Log("console-init"), TimeProvider.System, CloudInitMain.NewSalt);
        if (!setupOnly)
        {
            return program.RunAsync(stop.Token).GetAwaiter().GetResult();
        }
        var plan = program.Plan();
        var failures = program.SetupAsync(plan, stop.Token).GetAwaiter().GetResult()
            + program.RunScriptsAsync(plan, stop.Token).GetAwaiter().GetResult();
        return failures == 0 ? 0 : 1;
    }
}
