using System.Runtime.InteropServices;
using InitOS.Core.Config;
using InitOS.Core.Syslog;
using InitOS.Platform.Files;
using InitOS.Platform.Linux;
using InitOS.Platform.Processes;

namespace InitOS;

/// <summary>
/// The <c>syslog-init</c> personality, the command of the <c>syslog</c> system service: decides busybox's
/// syslogd and klogd arguments from <c>rancher.syslog</c> (<see cref="SyslogPlan"/>), links
/// <c>/var/log/messages</c> to <c>/var/log/syslog</c>, then runs both in the foreground. SIGTERM or SIGINT
/// stops them and ends it with status 0; when either exits by itself the other is stopped and it ends with
/// status 1, so the engine restarts the service (with its back-off).
/// </summary>
public static class SyslogInitMain
{
    private const string Usage = """
        usage: syslog-init [--dry-run | --check-image]

        Runs busybox syslogd (the /dev/log socket, written to /var/log/syslog, which /var/log/messages links
        to; rotated at rancher.syslog.rotate_size_kb KiB, default 5120, keeping rancher.syslog.rotate_count
        old files, default 3) and klogd (kernel messages) in the foreground until SIGTERM or SIGINT.
        rancher.syslog.remote lists servers that also get every message over UDP: host, host:port,
        [v6]:port or udp://host:port (port 514 by default).

          --dry-run       print the commands that would run (problems first, marked '!') and exit
          --check-image   check that this image has what the service runs, and exit
          -h, --help      show this help

        Exit status: 0 after SIGTERM/SIGINT, a dry run or a passing check; 1 when a daemon exited by itself,
        could not start or the check failed; 2 on bad usage.
        """;

    private const UnixFileMode Mode0755 = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
        | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;

    /// <summary>What <c>--check-image</c> requires.</summary>
    public static readonly ImageCheck.Requirement[] Requires = [new("busybox", ["--list"], [.. SyslogPlan.Applets])];

    /// <summary>Runs the personality.</summary>
    public static int Run(string[] args)
    {
        switch (args)
        {
            case []:
                break;
            case ["-h" or "--help"]:
                Console.Out.Write(Usage);
                return 0;
            case ["--check-image"]:
                return ImageCheck.Run("syslog-init", Requires);
            case ["--dry-run"]:
                break;
            default:
                Console.Error.Write($"syslog-init: unknown arguments '{string.Join(' ', args)}'\n{Usage}");
                return 2;
        }
        var files = RootedFileStore.FromEnvironment();
        var config = ConfigLoader.Load(files);
        foreach (var diagnostic in config.Diagnostics)
        {
            Console.Error.WriteLine($"syslog-init: config: {InitOS.Core.Boot.Redact.Text(diagnostic.ToString())}");
        }
        var plan = SyslogPlan.From(config.Tree);
        if (args is ["--dry-run"])
        {
            foreach (var problem in plan.Problems)
            {
                Console.Out.WriteLine($"! {problem}");
            }
            Console.Out.WriteLine("busybox " + string.Join(' ', plan.Syslogd));
            Console.Out.WriteLine("busybox " + string.Join(' ', plan.Klogd));
            return 0;
        }
        foreach (var problem in plan.Problems)
        {
            Console.Error.WriteLine($"syslog-init: {problem}");
        }
        files.EnsureDirectory("/var/log", Mode0755);
        LinkMessages(files.Resolve(SyslogPlan.MessagesLink));
        return Supervise(plan);
    }

    /// <summary>Makes /var/log/messages a link to syslog, unless something else already holds the name.</summary>
    private static void LinkMessages(string path)
    {
        var target = Path.GetFileName(SyslogPlan.LogFile);
        var existing = new FileInfo(path);
        if (existing.LinkTarget == target)
        {
            return;
        }
        if (existing.Exists || existing.LinkTarget is not null)
        {
            Console.Error.WriteLine($"syslog-init: {SyslogPlan.MessagesLink} exists and is not a link to {target}, leaving it");
            return;
        }
        var temp = path + ".new";
        File.Delete(temp);
        File.CreateSymbolicLink(temp, target);
        File.Move(temp, path, overwrite: true);
    }

    private static int Supervise(SyslogPlan plan)
    {
        using var stop = new CancellationTokenSource();
        void Stop(PosixSignalContext context)
        {
            context.Cancel = true;
            stop.Cancel();
        }
        using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
        var launcher = new ProcessChildLauncher(new LinuxSyscalls());
        var busybox = ProcessExec.Which("busybox") ?? "/usr/bin/busybox";
        using var syslogd = launcher.Start(busybox, plan.Syslogd, out var error);
        if (syslogd is null)
        {
            Console.Error.WriteLine($"syslog-init: cannot start syslogd ({busybox}): {error}");
            return 1;
        }
        using var klogd = launcher.Start(busybox, plan.Klogd, out error);
        if (klogd is null)
        {
            Console.Error.WriteLine($"syslog-init: cannot start klogd ({busybox}): {error}");
            syslogd.Terminate();
            syslogd.Exited.Wait(TimeSpan.FromSeconds(5));
            return 1;
        }
        Console.Out.WriteLine($"syslog-init: logging to {SyslogPlan.LogFile} (rotated at {plan.RotateSizeKiB} KiB, {plan.RotateCount} kept)"
            + (plan.Remotes.Count > 0 ? $", forwarding to {string.Join(", ", plan.Remotes)} over UDP" : ""));
        var stopped = Task.Delay(Timeout.Infinite, stop.Token).ContinueWith(_ => { }, TaskScheduler.Default);
        var first = Task.WhenAny(syslogd.Exited, klogd.Exited, stopped).GetAwaiter().GetResult();
        foreach (var child in new[] { syslogd, klogd })
        {
            if (!child.Exited.IsCompleted)
            {
                child.Terminate();
            }
        }
        foreach (var child in new[] { syslogd, klogd })
        {
            if (!child.Exited.Wait(TimeSpan.FromSeconds(5)))
            {
                child.Kill();
                child.Exited.Wait(TimeSpan.FromSeconds(2));
            }
        }
        if (first == stopped)
        {
            Console.Out.WriteLine("syslog-init: stopped");
            return 0;
        }
        var name = first == syslogd.Exited ? "syslogd" : "klogd";
        Console.Error.WriteLine($"syslog-init: {name} exited by itself with status {((Task<int>)first).Result}; stopping the service");
        return 1;
    }
}
