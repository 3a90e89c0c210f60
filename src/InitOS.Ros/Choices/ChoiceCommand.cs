using System.CommandLine;
using InitOS.Core.Services;

namespace InitOS.Ros.Choices;

/// <summary><c>ros console</c> and <c>ros engine</c>: the command trees; the work is in <see cref="ChoiceActions"/>.</summary>
public static class ChoiceCommand
{
    /// <summary>Builds <c>ros console</c>.</summary>
    public static Command Console(RosContext context) =>
        Build(context, Alternatives.Console, "console", "List and switch consoles: 'default' (the built-in one) and those of /usr/share/ros/consoles.");

    /// <summary>Builds <c>ros engine</c>.</summary>
    public static Command Engine(RosContext context) =>
        Build(context, Alternatives.Engine, "engine", "List and switch the user engine: 'default' (the built-in one) and those of /usr/share/ros/engines; its data (/var/lib/user-docker) is kept.");

    private static Command Build(RosContext context, AlternativeKind kind, string name, string description)
    {
        var actions = new ChoiceActions(context, kind);
        var command = new Command(name, description);

        var update = new Option<bool>("--update", "-u") { Description = "Accepted for RancherOS compatibility; the catalogue is built in, there is nothing to update." };
        var list = new Command("list", $"List the {kind.Noun}s: 'current' runs, 'enabled' starts next time, the others are 'disabled'.") { update };
        list.SetAction((_, ct) => RosGuard.Run(context, () => actions.ListAsync(ct)));
        command.Subcommands.Add(list);

        var enableName = new Argument<string>("NAME") { Description = $"The {kind.Noun}." };
        var enable = new Command("enable", $"Set {kind.Key} to NAME (it takes effect when the {kind.Noun} next starts, at the latest the next boot) and pull its image.") { enableName };
        enable.SetAction((p, ct) => RosGuard.Run(context, () => actions.EnableAsync(p.GetValue(enableName)!, ct)));
        command.Subcommands.Add(enable);

        var switchName = new Argument<string>("NAME") { Description = $"The {kind.Noun}." };
        var force = new Option<bool>("--force", "-f") { Description = "Do not ask." };
        var noPull = new Option<bool>("--no-pull") { Description = "Do not pull the image first (it must be in the system engine already)." };
        var switchCommand = new Command("switch", $"Switch to NAME now: pull its image, set {kind.Key} and recreate the {kind.Noun}; when it does not come up, the previous one is put back.") { switchName, force, noPull };
        switchCommand.SetAction((p, ct) => RosGuard.Run(context, () => actions.SwitchAsync(p.GetValue(switchName)!, p.GetValue(force), p.GetValue(noPull), ct)));
        command.Subcommands.Add(switchCommand);
        return command;
    }
}
