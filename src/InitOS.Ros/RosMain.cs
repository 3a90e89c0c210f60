using System.CommandLine;
using InitOS.Core.Config;
using InitOS.Ros.Config;

namespace InitOS.Ros;

/// <summary>Entry of the <c>ros</c> personality: the command tree and its dispatch.</summary>
public static class RosMain
{
    /// <summary>Runs <c>ros</c> with the given arguments and returns the exit status.</summary>
    public static int Run(string[] args, RosContext context)
    {
        if (args.Length == 1 && args[0] is "--version" or "-v")
        {
            context.Out.WriteLine(VersionLine(context));
            return 0;
        }
        var root = BuildCommand(context);
        var parsed = root.Parse(args);
        return parsed.Invoke(new InvocationConfiguration { Output = context.Out, Error = context.Error });
    }

    /// <summary>The whole command tree.</summary>
    public static RootCommand BuildCommand(RosContext context)
    {
        var root = new RootCommand("ros: configure and control InitOS (RancherOS-compatible).");
        root.Options.Add(new Option<bool>("--version", "-v") { Description = "Print the InitOS version and exit." });
        root.Subcommands.Add(ConfigCommand.Build(context));
        root.Subcommands.Add(Os.OsCommand.Build(context));
        root.Subcommands.Add(Os.InstallCommand.Build(context));
        root.Subcommands.Add(Service.ServiceCommand.Build(context));
        root.Subcommands.Add(Boot.BootCommand.Build(context));
        root.Subcommands.Add(Choices.ChoiceCommand.Console(context));
        root.Subcommands.Add(Choices.ChoiceCommand.Engine(context));
        root.Subcommands.Add(Tls.TlsCommand.Build(context));
        root.SetAction(parse =>
        {
            if (parse.GetValue<bool>("--version"))
            {
                context.Out.WriteLine(VersionLine(context));
                return 0;
            }
            context.Error.WriteLine("ros: a command is required; see 'ros --help'.");
            return 1;
        });
        return root;
    }

    private static string VersionLine(RosContext context)
    {
        var image = "initos/os";
        try
        {
            image = ConfigLoader.Load(context.System).GetString("rancher.upgrade.image") ?? image;
        }
        catch (IOException)
        {
            // the version line does not depend on a readable config
        }
        return $"version {BuildInfo.Version} from os image {image}:{BuildInfo.Version}";
    }
}
