using InitOS.Platform.Docker;
using InitOS.Platform.Files;
using InitOS.Platform.Lifecycle;
using InitOS.Platform.Processes;
using InitOS.Ros;

namespace InitOS;

/// <summary>Wires the Platform adapters into the personalities.</summary>
public static partial class Composition
{
    /// <summary>The context of the <c>ros</c> commands: the system root from <c>$INITOS_ROOT</c>.</summary>
    public static RosContext RosContext()
    {
        var environment = ProcessEnvironment();
        var system = RootedFileStore.FromEnvironment();
        return new RosContext(system, new RootedFileStore("/"), Console.In, Console.Out,
            Console.Error, environment, Environment.IsPrivilegedProcess)
        {
            Http = new Platform.Net.HttpMetadataFetcher(),
            Control = () => new Platform.Control.ControlClient(system.Resolve(Core.Control.ControlNames.SocketPath)),
            Os = OsHost(() => PowerMain.Run("reboot", [])),
            Tls = new Ros.Tls.TlsHost(new Platform.Tls.DotNetCertificateIssuer(), new Platform.CloudInit.LinuxHostFiles(system),
                new Platform.CloudInit.LinuxHostFiles(new RootedFileStore("/"))),
        };
    }

    /// <summary>Disks and OS images for <c>ros install</c> and <c>ros os</c>; <paramref name="reboot"/> asks for the reboot.</summary>
    public static Ros.Os.OsHost OsHost(Func<int> reboot) =>
        new(new LinuxDiskOps(new ProgramRunner()), new DockerOsImages(SystemDockerMain.Host), reboot);

    private static Dictionary<string, string> ProcessEnvironment()
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (System.Collections.DictionaryEntry entry in Environment.GetEnvironmentVariables())
        {
            environment[(string)entry.Key] = (string?)entry.Value ?? "";
        }
        return environment;
    }
}
