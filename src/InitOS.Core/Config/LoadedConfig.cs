using InitOS.Core.Config.Schema;

namespace InitOS.Core.Config;

/// <summary>The merged configuration and what happened while loading it.</summary>
public sealed class LoadedConfig
{
    /// <summary>Creates the result.</summary>
    public LoadedConfig(Dictionary<string, object?> tree, IReadOnlyList<ConfigLayer> layers,
        IReadOnlyList<ConfigDiagnostic> diagnostics, CloudMetadata metadata)
    {
        Tree = tree;
        Layers = layers;
        Diagnostics = diagnostics;
        Metadata = metadata;
    }

    /// <summary>The merged raw tree (unknown keys kept).</summary>
    public Dictionary<string, object?> Tree { get; }

    /// <summary>The layers that applied, lowest first.</summary>
    public IReadOnlyList<ConfigLayer> Layers { get; }

    /// <summary>What was skipped: files that do not parse, keys that do not fit the schema (with file, line
    /// and column) and kernel arguments that do not fit (quoted).</summary>
    public IReadOnlyList<ConfigDiagnostic> Diagnostics { get; }

    /// <summary>The meta-data that filled gaps.</summary>
    public CloudMetadata Metadata { get; }

    /// <summary>The raw value at a dotted key (see <see cref="ConfigKey"/>), or null.</summary>
    public object? Get(string key) => ConfigTree.TryGet(Tree, ConfigKey.Parse(key), out var v) ? v : null;

    /// <summary>Where the value at a dotted key comes from: the highest layer that sets it, with the key's line and
    /// column in that file (0 for the command line); "merged config" when no layer sets it (debug, meta-data).</summary>
    public (string Source, long Line, long Column) SourceOf(string key)
    {
        var path = ConfigKey.Parse(key);
        for (var i = Layers.Count - 1; i >= 0; i--)
        {
            if (ConfigTree.TryGet(Layers[i].Tree, path, out _))
            {
                var (line, column) = Layers[i].Positions.TryGetValue(ConfigKey.Join(path), out var pos) ? pos : (0L, 0L);
                return (Layers[i].Source, line, column);
            }
        }
        return ("merged config", 0, 0);
    }

    /// <summary>The value at a key converted to its schema type (or the raw value outside the schema).</summary>
    public object? GetTyped(string key)
    {
        var path = ConfigKey.Parse(key);
        var schema = ConfigSchema.At(path);
        var found = ConfigTree.TryGet(Tree, path, out var value);
        return schema is null ? value : TypedView.Convert(found ? value : null, schema);
    }

    /// <summary>A string value (numbers and booleans as text), or null when unset.</summary>
    public string? GetString(string key) => Get(key) switch
    {
        null => null,
        List<object?> or Dictionary<string, object?> => null,
        var v => ConfigValue.FormatScalar(v),
    };

    /// <summary>A boolean value, or <paramref name="fallback"/> when unset or not a boolean.</summary>
    public bool GetBool(string key, bool fallback = false) => Get(key) is bool b ? b : fallback;

    /// <summary>An integer value, or null.</summary>
    public long? GetInt(string key) => Get(key) switch
    {
        long l => l,
        double d when Math.Floor(d) == d && Math.Abs(d) < long.MaxValue => (long)d,
        _ => null,
    };

    /// <summary>A list of strings (scalars as text); a single string is a one-item list; empty when unset.</summary>
    public IReadOnlyList<string> GetStringList(string key) => Get(key) switch
    {
        List<object?> list => list.Where(i => i is not null and not List<object?> and not Dictionary<string, object?>)
            .Select(ConfigValue.FormatScalar).ToList(),
        string s => [s],
        _ => [],
    };

    /// <summary>A map, or null.</summary>
    public Dictionary<string, object?>? GetMap(string key) => Get(key) as Dictionary<string, object?>;
}
