namespace InitOS.Core.Config;

/// <summary>Where a setting's value comes from: the layer that set it, with the key's line and column in that file
/// (0 for the kernel command line), or <see cref="Default"/> when no layer set a usable value.</summary>
/// <param name="Layer">The layer's file, <c>kernel command line</c>, <c>EXTRA_CMDLINE</c>, <c>merged config</c>
/// (set by the loader itself: debug, meta-data) or <c>default</c>.</param>
/// <param name="Line">1-based line of the key (0 when the source has no lines).</param>
/// <param name="Column">1-based column of the key (0 when unknown).</param>
public sealed record SettingSource(string Layer, long Line, long Column)
{
    /// <summary>The value is the built-in default: unset, or set to something unusable (reported).</summary>
    public static SettingSource Default { get; } = new("default", 0, 0);

    /// <summary>True for <see cref="Default"/>.</summary>
    public bool IsDefault => this == Default;

    /// <summary>The source of the value at <paramref name="key"/> in <paramref name="config"/> (see
    /// <see cref="LoadedConfig.SourceOf"/>).</summary>
    public static SettingSource Of(LoadedConfig config, string key)
    {
        var (layer, line, column) = config.SourceOf(key);
        return new SettingSource(layer, line, column);
    }

    /// <summary>A problem found in the value from this source, placed like the loader's diagnostics.</summary>
    public ConfigDiagnostic Problem(string message) => new(Layer, Line, Column, message);

    /// <summary>"file:line:column", or the layer alone when it has no lines.</summary>
    public override string ToString() => Line > 0 ? $"{Layer}:{Line}:{Column}" : Layer;
}
