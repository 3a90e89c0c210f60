using System.CommandLine;

namespace InitOS.Ros.Config;

/// <summary><c>ros config</c> (alias <c>c</c>): the command tree; the work is in <see cref="ConfigActions"/>.</summary>
public static class ConfigCommand
{
    /// <summary>Builds the <c>config</c> command.</summary>
    public static Command Build(RosContext context)
    {
        var actions = new ConfigActions(context);
        var config = new Command("config", "Read and change the layered cloud-config.");
        config.Aliases.Add("c");

        var getKey = new Argument<string?>("KEY")
        {
            Description = "Dotted key, e.g. rancher.network.dns.nameservers. Write a dot inside a key as '\\.' or quote the part: rancher.sysctl.\"vm.swappiness\".",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var get = new Command("get", "Print the value of KEY in the merged config (all layers, kernel command line included).") { getKey };
        get.SetAction(p => RosGuard.RunSync(context, () => actions.Get(p.GetValue(getKey))));
        config.Subcommands.Add(get);

        var setKey = new Argument<string>("KEY") { Description = "Dotted key (see 'ros config get --help')." };
        var setValue = new Argument<string>("VALUE")
        {
            Description = "Value, typed like the kernel command line: 5, true, [a,b], {a: b}; anything else is a string.",
        };
        var set = new Command("set", "Set KEY to VALUE in /var/lib/rancher/conf/cloud-config.yml.") { setKey, setValue };
        set.SetAction(p => RosGuard.RunSync(context, () => actions.Set(p.GetValue(setKey)!, p.GetValue(setValue)!)));
        config.Subcommands.Add(set);

        var mergeInput = InputOption("File to merge (default: standard input).");
        var merge = new Command("merge", "Merge a YAML document into /var/lib/rancher/conf/cloud-config.yml (maps merge, lists and values replace).") { mergeInput };
        merge.SetAction(p => RosGuard.RunSync(context, () => actions.Merge(p.GetValue(mergeInput))));
        config.Subcommands.Add(merge);

        var output = new Option<string?>("--output", "-o") { Description = "Write to this file (mode 0600) instead of standard output." };
        var priv = new Option<bool>("--private", "-p") { Description = "Include private keys (rancher.ssh, the docker TLS keys and certificates)." };
        var full = new Option<bool>("--full", "-f") { Description = "Include the built-in os-config and OEM layers." };
        var export = new Command("export", "Print the merged config. rancher.password, rancher.autologin and EXTRA_CMDLINE are never exported.") { output, priv, full };
        export.SetAction(p => RosGuard.RunSync(context, () => actions.Export(p.GetValue(output), p.GetValue(priv), p.GetValue(full))));
        config.Subcommands.Add(export);

        var validateInput = InputOption("File to validate (default: standard input).");
        var validate = new Command("validate", "Check a cloud-config against the schema; print every problem and exit 1 if there is one.") { validateInput };
        validate.SetAction(p => RosGuard.RunSync(context, () => actions.Validate(p.GetValue(validateInput))));
        config.Subcommands.Add(validate);

        var imagesInput = InputOption("Read the services from this file (default: the merged config).");
        var images = new Command("images", "List the images of rancher.services and rancher.bootstrap, sorted, on one line.") { imagesInput };
        images.SetAction(p => RosGuard.RunSync(context, () => actions.Images(p.GetValue(imagesInput))));
        config.Subcommands.Add(images);
        return config;
    }

    private static Option<string?> InputOption(string description) =>
        new("--input", "-i") { Description = description };
}
