using System.Runtime.InteropServices;
using InitOS.Core.Boot;
using InitOS.Core.Config;
using InitOS.Core.Network;
using InitOS.Core.Ports;
using InitOS.Platform.Files;
using InitOS.Platform.Linux;
using InitOS.Platform.Logging;
using InitOS.Platform.Network;
using InitOS.Platform.Processes;

namespace InitOS;

/// <summary>
/// The <c>netconf</c> personality, the process of the <c>network</c> system service: loads the merged config
/// (rooted at <c>$INITOS_ROOT</c>), plans <c>rancher.network</c> against the links present, applies the plan,
/// writes <c>/etc/resolv.conf</c>, then supervises the DHCP clients until SIGTERM or SIGINT.
/// </summary>
public static class NetconfMain
{
    /// <summary>Where the dhcpcd hook records each link's lease (<c>LINK.env</c>).</summary>
    public const string DhcpStateDirectory = "/run/initos/dhcp";

    private const string Usage = """
        usage: netconf [--dry-run | --check-image]

        Configures the network from rancher.network of the merged configuration (os-config.yml,
        cloud-config.d/*, cloud-config.yml, the kernel command line and its ip= argument), then stays in
        the foreground supervising one dhcpcd per DHCP link until SIGTERM or SIGINT, on which it stops
        them (their addresses stay). This is the process of the `network` system service; to apply a
        changed config run `sudo system-docker restart network`.

          --dry-run       print the plan (diagnostics first, marked '!') and exit without changing anything
          --check-image   check that this image has ip and dhcpcd, and exit
          -h, --help      show this help

        Exit status: 0 after a clean stop or a dry run, 1 when the links cannot be read, 2 on bad usage.
        """;

    /// <summary>What <c>--check-image</c> requires: iproute2 and the DHCP client.</summary>
    public static readonly ImageCheck.Requirement[] Requires = [new("ip", ["-V"]), new("dhcpcd", ["--version"])];

    /// <summary>Runs netconf with its arguments.</summary>
    public static int Run(string[] args)
    {
        var dryRun = false;
        foreach (var arg in args)
        {
            switch (arg)
            {
                case "--dry-run" or "-dry-run" or "-n":
                    dryRun = true;
                    break;
                case "-h" or "--help" or "-help":
                    Console.Out.Write(Usage);
                    return 0;
                case "--check-image" when args.Length == 1:
                    return ImageCheck.Run("netconf", Requires);
                default:
                    Console.Error.WriteLine($"netconf: unknown argument '{arg}'");
                    Console.Error.Write(Usage);
                    return 2;
            }
        }

        var files = RootedFileStore.FromEnvironment();
        var loaded = ConfigLoader.Load(files);
        var settings = NetworkSettings.From(loaded.Tree, files.ReadText(ConfigPaths.Cmdline));
        var runner = new ProgramRunner();
        var ip = new IpCommand(runner);
        IReadOnlyList<NetLink> links;
        try
        {
            links = ip.ReadLinksAsync(CancellationToken.None).GetAwaiter().GetResult();
        }
        catch (IOException e)
        {
            Console.Error.WriteLine($"netconf: cannot read the links: {e.Message}");
            return 1;
        }
        var plan = NetworkPlanner.Plan(settings, links, files.Resolve(NetworkPlanner.DefaultDhcpHook));
        if (dryRun)
        {
            foreach (var d in loaded.Diagnostics)
            {
                Console.Out.WriteLine($"! {d}");
            }
            Console.Out.Write(plan.ToText());
            return 0;
        }

        using var stop = new CancellationTokenSource();
        using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
        using var intr = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
        void Stop(PosixSignalContext context)
        {
            context.Cancel = true;
            stop.Cancel();
        }
        using var dhcp = new DhcpClients(files.Resolve(NetworkPlanner.DefaultDhcpHook), files.Resolve(DhcpStateDirectory), TimeProvider.System);
        var service = new NetconfService(files, settings, new NetworkApplier(ip, runner, dhcp), dhcp, new LinuxSyscalls(), OpenLog(), TimeProvider.System);
        foreach (var d in loaded.Diagnostics)
        {
            service.Log(SyslogLevel.Warning, $"Config: {Redact.Text(d.ToString())}");
        }
        return service.RunAsync(plan, stop.Token).GetAwaiter().GetResult();
    }

    private static IBootLog OpenLog()
    {
        var console = new ConsoleLog { Threshold = SyslogLevel.Info };
        return KmsgLog.TryOpen() is { } kmsg ? new TeeLog(console, kmsg) : console;
    }

}
