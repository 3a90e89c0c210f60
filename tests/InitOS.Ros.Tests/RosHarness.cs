using InitOS.Platform.Files;

namespace InitOS.Ros.Tests;

/// <summary>Runs <c>ros</c> in-process against a temp system root, capturing its output.</summary>
public sealed class RosHarness : IDisposable
{
    public RosHarness()
    {
        Root = Directory.CreateTempSubdirectory("initos-ros-").FullName;
    }

    public string Root { get; }

    /// <summary>The init the commands reach through the control API (null: none wired).</summary>
    public InitOS.Core.Control.IInitControl? Control { get; set; }

    /// <summary>The clock certificates are issued on (a fake one: validity is asserted against it).</summary>
    public FakeClock Clock { get; } = new();

    /// <summary>HTTP for the commands (null: none wired).</summary>
    public InitOS.Core.Ports.IMetadataFetcher? Http { get; set; }

    public string Resolve(string systemPath) => Path.Join(Root, systemPath);

    public RosHarness With(string systemPath, string content)
    {
        var full = Resolve(systemPath);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllText(full, content);
        return this;
    }

    public string Read(string systemPath) => File.ReadAllText(Resolve(systemPath));

    public bool Exists(string systemPath) => File.Exists(Resolve(systemPath));

    public (int Code, string Out, string Err) RunWithInput(string stdin, params string[] args)
    {
        var output = new StringWriter { NewLine = "\n" };
        var error = new StringWriter { NewLine = "\n" };
        var context = new RosContext(new RootedFileStore(Root), new RootedFileStore("/"), new StringReader(stdin),
            output, error, new Dictionary<string, string>(), IsRoot: true)
        {
            Control = Control is { } control ? () => control : null,
            Http = Http,
            Tls = new InitOS.Ros.Tls.TlsHost(new Platform.Tls.DotNetCertificateIssuer(Clock), new Platform.CloudInit.LinuxHostFiles(new RootedFileStore(Root)),
                new Platform.CloudInit.LinuxHostFiles(new RootedFileStore("/"))),
        };
        var code = RosMain.Run(args, context);
        return (code, output.ToString(), error.ToString());
    }

    public (int Code, string Out, string Err) Run(params string[] args) => RunWithInput("", args);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
