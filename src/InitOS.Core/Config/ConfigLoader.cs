using InitOS.Core.Cmdline;
using InitOS.Core.Config.Schema;
using InitOS.Core.Ports;

namespace InitOS.Core.Config;

/// <summary>
/// Loads the merged configuration a booted system sees. Layers, lowest first:
/// <list type="number">
/// <item><c>/usr/share/ros/os-config.yml</c>;</item>
/// <item><c>/usr/share/ros/oem/oem-config.yml</c>;</item>
/// <item>every file in <c>/var/lib/rancher/conf/cloud-config.d/</c> in byte order of name, dot-files skipped;</item>
/// <item><c>/var/lib/rancher/conf/cloud-config.yml</c>;</item>
/// <item>the <c>rancher.*</c> and <c>cc.*</c> kernel arguments of <c>/proc/cmdline</c>;</item>
/// <item>the arguments in the top-level <c>EXTRA_CMDLINE</c> string (the init's elided arguments);</item>
/// <item>debug: a true <c>rancher.debug</c> turns on the daemons' debug and <c>rancher.log</c>;</item>
/// <item>meta-data fills gaps: the hostname if none is set, SSH keys appended in key order,
/// <c>rancher.resize_device</c> from the root disk if unset.</item>
/// </list>
/// Disk layers get the <c>$public_ipv4</c>-style substitution before parsing. A missing or empty file is an
/// empty layer. A file that is not YAML, breaks a limit of <see cref="YamlLimits"/> or cannot be read is
/// skipped whole; a key whose value does not fit the schema is removed from its layer and the rest of the
/// layer applies; a kernel argument that does not fit is skipped alone. Each is reported in
/// <see cref="LoadedConfig.Diagnostics"/> with its file, line and column (or the argument as written).
/// </summary>
public static class ConfigLoader
{
    /// <summary>Loads with the default options.</summary>
    public static LoadedConfig Load(IFileStore files) => Load(files, new ConfigLoadOptions());

    /// <summary>Loads the configuration under the store's root.</summary>
    public static LoadedConfig Load(IFileStore files, ConfigLoadOptions options)
    {
        var diagnostics = new List<ConfigDiagnostic>();
        var layers = new List<ConfigLayer>();
        var metadata = ReadMetadata(files, diagnostics);
        var variables = MetadataSubstitution.Variables(metadata, options.Environment);

        var paths = new List<string>();
        if (options.IncludeBuiltIn)
        {
            paths.Add(ConfigPaths.OsConfig);
            paths.Add(ConfigPaths.OemConfig);
        }
        paths.AddRange(files.ListFiles(ConfigPaths.CloudConfigDir)
            .Where(name => !name.StartsWith('.'))
            .Order(StringComparer.Ordinal)
            .Select(name => ConfigPaths.CloudConfigDir + "/" + name));
        paths.Add(ConfigPaths.UserConfig);

        var tree = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var path in paths)
        {
            var layer = ReadFileLayer(files, path, variables, diagnostics);
            if (layer != null)
            {
                layers.Add(layer);
                ConfigMerge.MergeInto(tree, layer.Tree);
            }
        }

        var cmdline = files.ReadText(ConfigPaths.Cmdline);
        if (cmdline != null)
        {
            ApplyCmdlineLayer(tree, layers, "kernel command line", cmdline, diagnostics);
        }
        if (tree.GetValueOrDefault("EXTRA_CMDLINE") is string extra)
        {
            ApplyCmdlineLayer(tree, layers, "EXTRA_CMDLINE", extra, diagnostics);
        }

        ApplyDebug(tree);
        MetadataMerge.Apply(tree, metadata);
        return new LoadedConfig(tree, layers, diagnostics, metadata);
    }

    /// <summary>Reads, substitutes, parses and type-checks one file layer; null when it is absent,
    /// empty or skipped.</summary>
    public static ConfigLayer? ReadFileLayer(IFileStore files, string path,
        IReadOnlyDictionary<string, string> variables, List<ConfigDiagnostic> diagnostics)
    {
        string? text;
        try
        {
            if (files.SizeOf(path) > YamlLimits.MaxBytes)
            {
                diagnostics.Add(new ConfigDiagnostic(path, 0, 0,
                    $"larger than {YamlLimits.MaxBytes / (1024 * 1024)} MiB (the limit), not read; file skipped"));
                return null;
            }
            text = files.ReadText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            diagnostics.Add(new ConfigDiagnostic(path, 0, 0, $"cannot read: {e.Message}; file skipped"));
            return null;
        }
        if (text is null || text.Trim().Length == 0)
        {
            return null;
        }
        return ParseLayer(path, MetadataSubstitution.Apply(text, variables), diagnostics);
    }

    /// <summary>Parses and type-checks a layer text. A text that is not YAML (or breaks a limit of
    /// <see cref="YamlLimits"/>) is skipped whole: null and one diagnostic. Otherwise every key whose value does
    /// not fit the schema is removed from the layer, each with a diagnostic at its line and column, and the
    /// rest applies; null only when the document is empty.</summary>
    public static ConfigLayer? ParseLayer(string source, string text, List<ConfigDiagnostic> diagnostics)
    {
        YamlDocumentTree doc;
        try
        {
            doc = YamlText.ParseDocument(text, source);
        }
        catch (ConfigSyntaxException e)
        {
            diagnostics.Add(new ConfigDiagnostic(source, e.Line, e.Column, e.Reason + "; file skipped"));
            return null;
        }
        if (doc.IsEmpty)
        {
            return null;
        }
        foreach (var bad in BadKeys.Remove(doc.Tree))
        {
            var (line, column) = doc.Positions.TryGetValue(bad.Key, out var pos) ? pos : (1L, 1L);
            diagnostics.Add(new ConfigDiagnostic(source, line, column, bad.Describe()));
        }
        return new ConfigLayer(source, doc.Tree) { Positions = doc.Positions };
    }

    /// <summary>Builds the overlay of a command line argument by argument: an argument whose value does not
    /// fit the schema is reported (quoted as written) and skipped alone.</summary>
    private static void ApplyCmdlineLayer(Dictionary<string, object?> tree, List<ConfigLayer> layers, string source,
        string cmdline, List<ConfigDiagnostic> diagnostics)
    {
        var overlay = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var argument in KernelCmdline.Arguments(cmdline))
        {
            if (argument.Keys.Count > YamlLimits.MaxDepth)
            {
                diagnostics.Add(new ConfigDiagnostic(source, 0, 0,
                    $"'{argument.Text[..Math.Min(argument.Text.Length, 60)]}…': a key of {argument.Keys.Count} components (at most {YamlLimits.MaxDepth}); argument skipped"));
                continue;
            }
            var alone = new Dictionary<string, object?>(StringComparer.Ordinal);
            _ = KernelCmdline.ApplyTo(alone, argument);
            var issues = SchemaChecker.CheckLayer(alone);
            if (issues.Count > 0)
            {
                diagnostics.Add(new ConfigDiagnostic(source, 0, 0,
                    $"'{argument.Text}': {issues[0].Path}: {issues[0].Message}; argument skipped"));
                continue;
            }
            _ = KernelCmdline.ApplyTo(overlay, argument);
        }
        // Each argument fits alone, and applying one replaces a value or fills a map, so the whole fits; the
        // check stays as the guard of that reasoning.
        foreach (var bad in BadKeys.Remove(overlay))
        {
            diagnostics.Add(new ConfigDiagnostic(source, 0, 0, bad.Describe()));
        }
        if (overlay.Count == 0)
        {
            return;
        }
        layers.Add(new ConfigLayer(source, overlay));
        ConfigMerge.MergeInto(tree, overlay);
    }

    private static void ApplyDebug(Dictionary<string, object?> tree)
    {
        if (!ConfigTree.TryGet(tree, ["rancher", "debug"], out var debug) || debug is not true)
        {
            return;
        }
        foreach (var path in new[] { "docker", "system_docker", "bootstrap_docker" })
        {
            _ = ConfigTree.TrySet(tree, ["rancher", path, "debug"], true);
        }
        _ = ConfigTree.TrySet(tree, ["rancher", "log"], true);
    }

    private static CloudMetadata ReadMetadata(IFileStore files, List<ConfigDiagnostic> diagnostics)
    {
        string? text;
        try
        {
            if (files.SizeOf(ConfigPaths.Metadata) > YamlLimits.MaxBytes)
            {
                diagnostics.Add(new ConfigDiagnostic(ConfigPaths.Metadata, 0, 0,
                    $"larger than {YamlLimits.MaxBytes / (1024 * 1024)} MiB (the limit); meta-data ignored"));
                return CloudMetadata.Empty;
            }
            text = files.ReadText(ConfigPaths.Metadata);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            diagnostics.Add(new ConfigDiagnostic(ConfigPaths.Metadata, 0, 0, $"cannot read: {e.Message}; meta-data ignored"));
            return CloudMetadata.Empty;
        }
        if (string.IsNullOrWhiteSpace(text))
        {
            return CloudMetadata.Empty;
        }
        try
        {
            return CloudMetadata.FromTree(YamlText.Parse(text, ConfigPaths.Metadata));
        }
        catch (ConfigSyntaxException e)
        {
            diagnostics.Add(new ConfigDiagnostic(ConfigPaths.Metadata, e.Line, e.Column, e.Reason + "; meta-data ignored"));
            return CloudMetadata.Empty;
        }
    }
}
