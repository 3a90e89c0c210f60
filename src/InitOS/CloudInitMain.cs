using InitOS.CloudInit;
using InitOS.Core.Boot;
using InitOS.Core.CloudInit;
using InitOS.Core.Ports;
using InitOS.Platform.Block;
using InitOS.Platform.CloudInit;
using InitOS.Platform.Files;
using InitOS.Platform.Linux;
using InitOS.Platform.Logging;
using InitOS.Platform.Net;
using InitOS.Platform.Processes;

namespace InitOS;

/// <summary>
/// The <c>cloud-init-save</c> and <c>cloud-init-execute</c> personalities: wires the Platform adapters (rooted at
/// <c>$INITOS_ROOT</c>) into the programs of InitOS.CloudInit. Records go to stdout (info and up) and, when
/// writable, to <c>/dev/kmsg</c>.
/// </summary>
public static class CloudInitMain
{
    /// <summary><c>cloud-init-save</c>; no arguments.</summary>
    public static int Save(string[] args)
    {
        if (args.Length > 0)
        {
            Console.Error.WriteLine("usage: cloud-init-save");
            return 2;
        }
        var files = RootedFileStore.FromEnvironment();
        using var fetcher = new HttpMetadataFetcher();
        var volumes = new MountingConfigVolumes(new SysfsBlockDevices(), new LinuxSyscalls(), files);
        var save = new CloudInitSave(files, fetcher, volumes, Log("cloud-init-save"), TimeProvider.System);
        return save.RunAsync(CancellationToken.None).GetAwaiter().GetResult();
    }

    /// <summary>
    /// <c>cloud-init-execute [-pre-console] [-console] [-boot]</c> (one or two leading dashes); without a flag it
    /// runs pre-console then console, as RancherOS did.
    /// </summary>
    public static int Execute(string[] args)
    {
        var phase = ExecutePhase.None;
        foreach (var arg in args)
        {
            phase |= arg.TrimStart('-') switch
            {
                "pre-console" => ExecutePhase.PreConsole,
                "console" => ExecutePhase.Console,
                "boot" => ExecutePhase.Boot,
                _ => (ExecutePhase)(-1),
            };
            if ((int)phase < 0)
            {
                Console.Error.WriteLine($"cloud-init-execute: unknown argument '{arg}' (use -pre-console, -console or -boot)");
                return 2;
            }
        }
        var files = RootedFileStore.FromEnvironment();
        var execute = new CloudInitExecute(files, new LinuxHostFiles(files), new LinuxSyscalls(), new ProgramRunner(),
            Log("cloud-init-execute"), TimeProvider.System, NewSalt);
        return execute.RunAsync(phase == ExecutePhase.None ? ExecutePhase.Default : phase, CancellationToken.None).GetAwaiter().GetResult();
    }

    /// <summary>A password salt from the kernel's random source (the BCL generator would load libcrypto).</summary>
    internal static string NewSalt()
    {
        var random = new byte[16];
        using var source = File.OpenRead("/dev/urandom");
        source.ReadExactly(random);
        return Sha512Crypt.SaltFrom(random);
    }

    internal static CloudInitLog Log(string program)
    {
        var console = new ConsoleLog { Threshold = SyslogLevel.Info };
        var kmsg = KmsgLog.TryOpen();
        var proc = new ProcFs();
        return new CloudInitLog(kmsg is null ? console : new TeeLog(console, kmsg), proc.UptimeMs);
    }

}
