using InitOS.Core.Boot;

namespace InitOS.Core.Config;

/// <summary>
/// The last-known-good configuration: the merged configuration a boot completed with, saved by the init at
/// <c>boot-done</c> as <see cref="Path"/> (0600 root, secrets included, like <c>cloud-config.yml</c>). A later boot
/// whose configuration would leave the host without something the last good one had falls back to it for its
/// services and state settings (<see cref="Decide"/>, <see cref="ApplyTo"/>):
/// <list type="bullet">
/// <item>a console: <c>rancher.services.console</c> removed (or <c>rancher.services</c> gone), or its <c>image</c>
/// or <c>command</c> gone while the last good one had them;</item>
/// <item>a state device: <c>rancher.state.dev</c> changed (or removed) to something that is not found, while the
/// last good one's is found.</item>
/// </list>
/// </summary>
public static class LastGood
{
    /// <summary>Where the init keeps the last good configuration (on the state partition).</summary>
    public const string Path = ConfigPaths.ConfDir + "/last-good.yml";

    /// <summary>The file's text for <paramref name="tree"/>.</summary>
    public static string Serialize(Dictionary<string, object?> tree) =>
        "# The merged configuration of the last completed boot, written by the init at boot-done; not a config layer\n"
        + YamlText.Write(tree);

    /// <summary>
    /// Compares the current merged configuration with the last good one (<c>null</c>: none saved yet).
    /// <paramref name="deviceFound"/> says whether a state device spec names a block device present now.
    /// </summary>
    public static LastGoodDecision Decide(Dictionary<string, object?> current, Dictionary<string, object?>? lastGood, Func<DeviceSpec, bool> deviceFound)
    {
        if (lastGood is null)
        {
            return LastGoodDecision.None;
        }
        var problems = new List<string>();
        if (Map(lastGood, "rancher", "services", "console") is { } goodConsole && HasText(goodConsole, "image"))
        {
            var console = Map(current, "rancher", "services", "console");
            if (console is null)
            {
                problems.Add(Map(current, "rancher", "services") is null
                    ? "rancher.services is gone, so there is no console service"
                    : "rancher.services.console is gone");
            }
            else if (!HasText(console, "image"))
            {
                problems.Add("rancher.services.console has no image");
            }
            else if (HasText(goodConsole, "command") && !HasText(console, "command"))
            {
                problems.Add("rancher.services.console has no command");
            }
        }
        var goodDevice = DeviceSpec.Parse(Map(lastGood, "rancher", "state")?.GetValueOrDefault("dev") as string);
        var device = DeviceSpec.Parse(Map(current, "rancher", "state")?.GetValueOrDefault("dev") as string);
        if (goodDevice is not null && device != goodDevice && (device is null || !deviceFound(device)) && deviceFound(goodDevice))
        {
            problems.Add(device is null
                ? $"rancher.state.dev is unset, so the state would stay in memory (the last good '{goodDevice}' is present)"
                : $"rancher.state.dev '{device}' is not found (the last good '{goodDevice}' is present)");
        }
        return new LastGoodDecision(problems);
    }

    /// <summary>Replaces <c>rancher.services</c> and <c>rancher.state</c> of <paramref name="current"/> with the last good ones.</summary>
    public static void ApplyTo(Dictionary<string, object?> current, Dictionary<string, object?> lastGood)
    {
        if (Map(current, "rancher") is not { } rancher)
        {
            rancher = new Dictionary<string, object?>(StringComparer.Ordinal);
            current["rancher"] = rancher;
        }
        foreach (var key in new[] { "services", "state" })
        {
            if (Map(lastGood, "rancher")?.GetValueOrDefault(key) is { } value)
            {
                rancher[key] = value;
            }
            else
            {
                rancher.Remove(key);
            }
        }
    }

    /// <summary>
    /// What <see cref="ApplyTo"/> takes from the last good document, as a layer to put on top of the others: the
    /// source of <c>rancher.services</c> and <c>rancher.state</c> (<see cref="LoadedConfig.SourceOf"/>) then names
    /// <see cref="Path"/> with the key's line and column.
    /// </summary>
    public static ConfigLayer Layer(YamlDocumentTree lastGood)
    {
        var rancher = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var key in new[] { "services", "state" })
        {
            if (Map(lastGood.Tree, "rancher")?.GetValueOrDefault(key) is { } value)
            {
                rancher[key] = value;
            }
        }
        var tree = new Dictionary<string, object?>(StringComparer.Ordinal) { ["rancher"] = rancher };
        return new ConfigLayer(Path, tree) { Positions = lastGood.Positions };
    }

    private static Dictionary<string, object?>? Map(Dictionary<string, object?> tree, params string[] path) =>
        ConfigTree.TryGet(tree, path, out var value) ? value as Dictionary<string, object?> : null;

    private static bool HasText(Dictionary<string, object?> map, string key) => map.GetValueOrDefault(key) switch
    {
        string s => s.Trim().Length > 0,
        List<object?> list => list.Count > 0,
        _ => false,
    };
}
