using System.CommandLine;
using InitOS.Core.Control;

namespace InitOS.Ros.Service;

/// <summary><c>ros service</c> (alias <c>s</c>): the command tree; the work is in <see cref="ServiceActions"/>.</summary>
public static class ServiceCommand
{
    /// <summary>Builds the <c>service</c> command.</summary>
    public static Command Build(RosContext context)
    {
        var actions = new ServiceActions(context);
        var service = new Command("service", "Enable catalogue services and start, stop, inspect the services of the running system (through the init's control API).");
        service.Aliases.Add("s");

        var all = new Option<bool>("--all", "-a") { Description = "Also list the services the configuration defines itself (all enabled)." };
        var list = new Command("list", "List the catalogue's services (built in, and those of rancher.repositories) as enabled or disabled in rancher.services_include.") { all };
        list.SetAction((p, ct) => RosGuard.Run(context, () => actions.ListAsync(p.GetValue(all), ct)));
        service.Subcommands.Add(list);

        var enable = new Command("enable", "Add services to rancher.services_include (a catalogue name, downloaded once from rancher.repositories when not built in, or a .yml file under /var/lib/rancher/conf) and pull their images; 'ros service up NAME' starts them now, the next boot starts them anyway.");
        var enableNames = Names();
        enable.Arguments.Add(enableNames);
        enable.SetAction((p, ct) => RosGuard.Run(context, () => actions.EnableAsync(p.GetValue(enableNames)!, ct)));
        service.Subcommands.Add(enable);

        var disable = new Command("disable", "Set services of rancher.services_include to false (their containers are left as they are; 'ros service rm' removes them).");
        var disableNames = Names();
        disable.Arguments.Add(disableNames);
        disable.SetAction(p => RosGuard.Run(context, () => Task.FromResult(actions.Disable(p.GetValue(disableNames)!))));
        service.Subcommands.Add(disable);

        var delete = new Command("delete", "Remove services from rancher.services_include.");
        var deleteNames = Names();
        delete.Arguments.Add(deleteNames);
        delete.SetAction(p => RosGuard.Run(context, () => Task.FromResult(actions.Delete(p.GetValue(deleteNames)!))));
        service.Subcommands.Add(delete);

        AddJob(service, context, actions, "up", ServiceJob.Up, "Create (or recreate, when its definition changed) and start services from the configuration as it is now, pulling images that are absent.");
        AddJob(service, context, actions, "start", ServiceJob.Start, "Start services' existing containers (creating them when there are none).");
        AddJob(service, context, actions, "stop", ServiceJob.Stop, "Stop services (bounded by rancher.shutdown_timeout).");
        AddJob(service, context, actions, "restart", ServiceJob.Restart, "Stop, then start services.");
        AddJob(service, context, actions, "rm", ServiceJob.Remove, "Stop and remove services' containers (the configuration is not changed).");
        AddJob(service, context, actions, "pull", ServiceJob.Pull, "Pull services' images from their registries (with rancher.registry_auths).");

        var lines = new Option<int>("--lines", "-n") { Description = "Only the last N lines (0: all).", DefaultValueFactory = _ => 100 };
        var logsNames = Names();
        var logs = new Command("logs", "Print the output of services.") { lines };
        logs.Arguments.Add(logsNames);
        logs.SetAction((p, ct) => RosGuard.Run(context, () =>
        {
            var n = p.GetValue(lines);
            return n < 0 ? throw new RosException("--lines must be 0 or more") : actions.LogsAsync(p.GetValue(logsNames)!, n, ct);
        }));
        service.Subcommands.Add(logs);

        var quiet = new Option<bool>("--quiet", "-q") { Description = "Only the names." };
        var psNames = new Argument<string[]>("SERVICE") { Arity = ArgumentArity.ZeroOrMore, Description = "Only these services." };
        var ps = new Command("ps", "List the services of the running system with their state (running, exited, absent, ...), scope, image and detail.") { quiet };
        ps.Arguments.Add(psNames);
        ps.SetAction((p, ct) => RosGuard.Run(context, () => actions.PsAsync(p.GetValue(psNames) ?? [], p.GetValue(quiet), ct)));
        service.Subcommands.Add(ps);
        return service;
    }

    private static void AddJob(Command parent, RosContext context, ServiceActions actions, string name, ServiceJob job, string description)
    {
        var names = Names();
        var command = new Command(name, description);
        command.Arguments.Add(names);
        command.SetAction((p, ct) => RosGuard.Run(context, () => actions.JobAsync(job, p.GetValue(names)!, ct)));
        parent.Subcommands.Add(command);
    }

    private static Argument<string[]> Names() =>
        new("SERVICE") { Arity = ArgumentArity.OneOrMore, Description = "Service names." };
}
