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
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (System.Collections.DictionaryEntry entry in Environment.GetEnvironmentVariables())
        {
            environment[(string)entry.Key] = (string?)entry.Value ?? "";
        }
        var system = RootedFileStore.FromEnvironment();
        return new RosContext(system, new RootedFileStore("/"), Console.In, Console.Out,
            Console.Error, environment, Environment.IsPrivilegedProcess)
        {
            Control = () => new Platform.Control.ControlClient(system.Resolve(Core.Control.ControlNames.SocketPath)),
            Os = new Ros.Os.OsHost(new LinuxDiskOps(new ProgramRunner()), new DockerOsImages(SystemDockerMain.Host),
                () => PowerMain.Run("reboot", [])),
            Tls = new Ros.Tls.TlsHost(new Platform.Tls.DotNetCertificateIssuer(), new Platform.CloudInit.LinuxHostFiles(system),
                new Platform.CloudInit.LinuxHostFiles(new RootedFileStore("/"))),
        };
    }
}
