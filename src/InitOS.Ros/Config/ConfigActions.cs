using InitOS.Core.CloudInit;
using InitOS.Core.Config;
using InitOS.Core.Config.Schema;

namespace InitOS.Ros.Config;

/// <summary>The work of the <c>ros config</c> subcommands. Each returns the exit status; expected failures
/// throw <see cref="RosException"/>.</summary>
public sealed class ConfigActions
{
    private const UnixFileMode FileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode DirMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    private readonly RosContext _context;

    /// <summary>Creates the actions over a context.</summary>
    public ConfigActions(RosContext context)
    {
        _context = context;
    }

    private bool SystemIsHost => _context.System.Root == "/";

    /// <summary><c>ros config get KEY</c>.</summary>
    public int Get(string? key)
    {
        if (string.IsNullOrEmpty(key))
        {
            return 0;
        }
        RequireRoot();
        var path = ParseKey(key);
        var config = Load(includeBuiltIn: true);
        var schema = ConfigSchema.At(path);
        var found = ConfigTree.TryGet(config.Tree, path, out var value);
        if (schema is null)
        {
            if (!found)
            {
                throw new RosException($"config get: '{key}' is not a configuration key: it is neither in the schema nor set in any layer");
            }
            // As RancherOS: keys outside the typed config print an empty line; export shows the raw value.
            _context.Error.WriteLine($"ros: note: '{key}' is not a key InitOS knows; 'ros config export' shows its raw value");
            _context.Out.WriteLine();
            return 0;
        }
        Print(TypedView.Convert(found ? value : null, schema));
        return 0;
    }

    private void Print(object? value)
    {
        if (value is List<object?> or Dictionary<string, object?>)
        {
            // Block YAML followed by a blank line, as RancherOS prints it.
            _context.Out.Write(YamlText.Write(value));
            _context.Out.WriteLine();
        }
        else
        {
            _context.Out.WriteLine(ConfigValue.FormatScalar(value));
        }
    }

    /// <summary><c>ros config set KEY VALUE</c>.</summary>
    public int Set(string key, string value)
    {
        RequireRoot();
        var path = ParseKey(key);
        var typed = ConfigValueText.Parse(value);
        new UserConfigFile(_context.System).Update(tree =>
        {
            var blocked = ConfigTree.TrySet(tree, path, typed);
            if (blocked != null)
            {
                throw new RosException($"config set: cannot set '{key}': '{blocked}' holds a value that is not a map");
            }
        }, $"config set: cannot set '{key}' to '{value}'");
        if (ConfigSchema.At(path) is null)
        {
            _context.Error.WriteLine($"ros: note: '{key}' is not a key InitOS knows; it is kept, and 'ros config validate' reports it");
        }
        return 0;
    }

    /// <summary>
    /// Changes cloud-config.yml under its lock: <paramref name="change"/> edits the tree and returns whether it
    /// changed anything; the result must still fit the schema, and is written atomically only when changed.
    /// </summary>
    internal void Update(string what, Func<Dictionary<string, object?>, bool> change)
    {
        RequireRoot();
        try
        {
            new UserConfigFile(_context.System).Update(tree =>
            {
                if (!change(tree))
                {
                    throw new NoChange();
                }
            }, what);
        }
        catch (NoChange)
        {
            // nothing to write: the file stays byte for byte as it was
        }
    }

    /// <summary>Aborts an <see cref="Update"/> that changed nothing, before anything is written.</summary>
    private sealed class NoChange : Exception;

    /// <summary><c>ros config merge [-i FILE]</c>.</summary>
    public int Merge(string? input)
    {
        RequireRoot();
        var text = ReadInput(input);
        RejectCrlf(text);
        Dictionary<string, object?> incoming;
        try
        {
            incoming = YamlText.Parse(text, input ?? "<stdin>");
        }
        catch (ConfigSyntaxException e)
        {
            throw new RosException($"config merge: {e.Message}\nEXITING: Failed to parse configuration");
        }
        UserConfigFile.CheckTyped(incoming, $"config merge: {input ?? "<stdin>"} does not fit the config schema", exiting: true);
        new UserConfigFile(_context.System).Update(tree =>
        {
            var merged = ConfigMerge.Merge(tree, incoming);
            tree.Clear();
            foreach (var (k, v) in merged)
            {
                tree[k] = v;
            }
        }, $"config merge: {input ?? "<stdin>"} does not fit the config schema", check: false);
        return 0;
    }

    /// <summary><c>ros config export [-o FILE] [-p] [-f]</c>.</summary>
    public int Export(string? output, bool includePrivate, bool full)
    {
        RequireRoot();
        var config = Load(includeBuiltIn: full);
        var tree = ExportFilter.Apply(config.Tree, includePrivate);
        var text = YamlText.Write(tree);
        if (output is null)
        {
            _context.Out.Write(text);
            _context.Out.WriteLine();
        }
        else
        {
            _context.Host.WriteAtomic(Path.GetFullPath(output), text, FileMode, DirMode);
        }
        return 0;
    }

    /// <summary><c>ros config validate [-i FILE]</c>: exit 1 when the input has a problem. Prints the strict
    /// schema problems, the keys InitOS would not apply, and, with file:line:column, each key that loading the
    /// file as a layer would skip.</summary>
    public int Validate(string? input)
    {
        var text = ReadInput(input);
        RejectCrlf(text);
        var source = input ?? "<stdin>";
        YamlDocumentTree doc;
        try
        {
            doc = YamlText.ParseDocument(text, source);
        }
        catch (ConfigSyntaxException e)
        {
            throw new RosException($"config validate: {e.Message}; the whole file would be skipped");
        }
        var tree = doc.Tree;
        var issues = SchemaChecker.Validate(tree);
        foreach (var issue in issues)
        {
            _context.Error.WriteLine($"{issue.Path}: {issue.Message}");
        }
        foreach (var note in NotApplied(tree))
        {
            _context.Error.WriteLine($"note: {note}");
        }
        // What loading this file as a layer would drop, key by key; the rest of the file would apply.
        foreach (var bad in BadKeys.Remove(tree))
        {
            var (line, column) = doc.Positions.TryGetValue(bad.Key, out var pos) ? pos : (1L, 1L);
            _context.Error.WriteLine(new ConfigDiagnostic(source, line, column, bad.Describe()).ToString());
        }
        var fallback = LastGoodFallback(text);
        foreach (var problem in fallback.Problems)
        {
            _context.Error.WriteLine($"fallback: as cloud-config.yml this would make the next boot take rancher.services and rancher.state from '{LastGood.Path}': {problem}");
        }
        return issues.Count == 0 && !fallback.UseLastGood ? 0 : 1;
    }

    /// <summary>
    /// Whether the boot would fall back to the last good configuration with <paramref name="text"/> as
    /// <c>cloud-config.yml</c> (the other layers as they are on this host). State devices are looked up by the
    /// links udev makes (<c>/dev/disk/by-label</c>, <c>/dev/disk/by-uuid</c>).
    /// </summary>
    private LastGoodDecision LastGoodFallback(string text)
    {
        if (_context.System.ReadText(LastGood.Path) is not { } saved)
        {
            return LastGoodDecision.None;
        }
        Dictionary<string, object?> lastGood;
        try
        {
            lastGood = YamlText.Parse(saved, LastGood.Path);
        }
        catch (ConfigSyntaxException e)
        {
            _context.Error.WriteLine($"note: the last good configuration cannot be read ({e.Message}); no fallback check");
            return LastGoodDecision.None;
        }
        var next = ConfigLoader.Load(new CandidateConfigFiles(_context.System, text), new ConfigLoadOptions { Environment = _context.Environment });
        return LastGood.Decide(next.Tree, lastGood, spec => spec.By switch
        {
            "label" => _context.System.SizeOf("/dev/disk/by-label/" + spec.Value) != null,
            "uuid" => _context.System.SizeOf("/dev/disk/by-uuid/" + spec.Value.ToLowerInvariant()) != null,
            _ => _context.System.SizeOf(spec.Value) != null,
        });
    }

    /// <summary>Keys the schema accepts but InitOS would not apply: sub-keys cloud-init-execute skips (such as
    /// <c>ntp.enabled</c>) and the <c>rancher</c> keys of <see cref="UnappliedKeys"/>; unknown top-level keys are
    /// already reported by the schema.</summary>
    private static IEnumerable<string> NotApplied(Dictionary<string, object?> tree)
    {
        var inputs = new ExecuteInputs(tree, ExecutePhase.Boot | ExecutePhase.Default, _ => null, () => "validate",
            DateOnly.FromDateTime(DateTime.UtcNow));
        return ExecutePlanner.Plan(inputs).Unapplied.Where(IsSubKey).Concat(UnappliedKeys.In(tree));
    }

    /// <summary>"'ntp.enabled' (...)" or "'users[0].x' (...)": a key below the top level.</summary>
    private static bool IsSubKey(string note)
    {
        var end = note.IndexOf('\'', 1);
        return note.StartsWith('\'') && end > 0 && note.AsSpan(1, end - 1).IndexOfAny('.', '[') >= 0;
    }

    /// <summary><c>ros config images [-i FILE]</c>.</summary>
    public int Images(string? input)
    {
        Dictionary<string, object?> tree;
        if (input != null)
        {
            var text = ReadInput(input);
            try
            {
                tree = YamlText.Parse(text, input);
            }
            catch (ConfigSyntaxException e)
            {
                throw new RosException($"config images: {e.Message}");
            }
        }
        else
        {
            RequireRoot();
            tree = Load(includeBuiltIn: true).Tree;
        }
        var version = InitOS.Core.Boot.OsRelease.Field(_context.System.ReadText("/usr/share/ros/os-release"), "VERSION_ID")
            ?? BuildInfo.Version.TrimStart('v');
        _context.Out.WriteLine(string.Join(' ', ServiceImages.Of(tree, version)));
        return 0;
    }

    private LoadedConfig Load(bool includeBuiltIn)
    {
        var config = ConfigLoader.Load(_context.System, new ConfigLoadOptions
        {
            IncludeBuiltIn = includeBuiltIn,
            Environment = _context.Environment,
        });
        foreach (var diagnostic in config.Diagnostics)
        {
            _context.Error.WriteLine($"ros: warning: {diagnostic}");
        }
        return config;
    }

    private static IReadOnlyList<string> ParseKey(string key)
    {
        IReadOnlyList<string> path;
        try
        {
            path = ConfigKey.Parse(key);
        }
        catch (ArgumentException e)
        {
            throw new RosException(e.Message);
        }
        if (path.Count > YamlLimits.MaxDepth)
        {
            throw new RosException($"'{key[..Math.Min(key.Length, 60)]}…' has {path.Count} components; at most {YamlLimits.MaxDepth} are allowed");
        }
        return path;
    }

    private void RequireRoot()
    {
        if (SystemIsHost && !_context.IsRoot)
        {
            throw new RosException("Need to be root");
        }
    }

    private string ReadInput(string? input)
    {
        if (input is null)
        {
            return _context.In.ReadToEnd();
        }
        return _context.Host.ReadText(Path.GetFullPath(input)) ?? throw new RosException($"{input}: no such file");
    }

    private static void RejectCrlf(string text)
    {
        if (text.Contains("\r\n", StringComparison.Ordinal))
        {
            throw new RosException("file format shouldn't contain CRLF characters");
        }
    }
}
