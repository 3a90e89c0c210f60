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
    private const string Usage = """
        usage: console-init [--setup-only | --check-image]

        The console service: applies accounts, sshd_config, host keys, /etc/hosts, the login environment and
        the power commands from the configuration, runs the boot scripts, then supervises sshd and a getty per
        console until SIGTERM or SIGINT (exit 0).

          --setup-only    perform the setup and the scripts, then exit
          --check-image   check that this image has what the console runs, and exit
        """;

    /// <summary>What <c>--check-image</c> requires: sshd, the getty, the host key generator and sudo.</summary>
    public static readonly ImageCheck.Requirement[] Requires =
    [
        new(InitOS.Core.Consoles.ConsolePlanner.Sshd, ["-V"]), new(InitOS.Core.Consoles.ConsoleTtys.Getty, ["--version"]),
        new("ssh-keygen", null), new("sudo", ["-V"]),
    ];

    /// <summary>Runs the program.</summary>
    public static int Run(string[] args)
    {
        if (args is ["--check-image"])
        {
            return ImageCheck.Run("console-init", Requires);
        }
        if (args is ["-h" or "--help"])
        {
            Console.Out.Write(Usage);
            return 0;
        }
        var setupOnly = args is ["--setup-only"];
        if (args.Length > 0 && !setupOnly)
        {
            Console.Error.Write(Usage);
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
