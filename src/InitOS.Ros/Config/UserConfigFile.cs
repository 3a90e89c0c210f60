using InitOS.Core.Config;
using InitOS.Core.Config.Schema;
using InitOS.Core.Ports;

namespace InitOS.Ros.Config;

/// <summary>
/// The one write path of <c>/var/lib/rancher/conf/cloud-config.yml</c> (<c>ros config set</c>/<c>merge</c>,
/// <c>ros tls gen</c>, the user engine's TLS set-up): under the lock, read, change, check against the schema, and
/// replace the file atomically (0600 in a 0700 directory; temp file, fsync, rename, directory fsync).
/// </summary>
public sealed class UserConfigFile
{
    private const UnixFileMode FileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode DirMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    private readonly IFileStore _system;

    /// <summary>Creates the writer over the system root.</summary>
    public UserConfigFile(IFileStore system)
    {
        _system = system;
    }

    /// <summary>
    /// Runs <paramref name="change"/> on the file's tree under the lock and writes the result. Throws
    /// <see cref="RosException"/> (nothing written) when the file does not parse or the result breaks the schema;
    /// <paramref name="what"/> starts that message. <paramref name="check"/> false skips the schema check of the
    /// whole result (<c>merge</c> checks only what it brings).
    /// </summary>
    public void Update(Action<Dictionary<string, object?>> change, string what, bool check = true)
    {
        using (Lock())
        {
            var tree = Read();
            change(tree);
            if (check)
            {
                CheckTyped(tree, what);
            }
            _system.WriteAtomic(ConfigPaths.UserConfig, YamlText.Write(tree), FileMode, DirMode);
        }
    }

    /// <summary>Sets each key (a dotted path) to its value in one update.</summary>
    public void Set(IEnumerable<KeyValuePair<string, object?>> values, string what) => Update(tree =>
    {
        foreach (var (key, value) in values)
        {
            if (ConfigTree.TrySet(tree, ConfigKey.Parse(key), value) is { } blocked)
            {
                throw new RosException($"{what}: cannot set '{key}': '{blocked}' holds a value that is not a map");
            }
        }
    }, what);

    /// <summary>Checks a tree against the schema; throws <see cref="RosException"/> listing every problem.</summary>
    public static void CheckTyped(Dictionary<string, object?> tree, string what, bool exiting = false)
    {
        var issues = SchemaChecker.CheckLayer(tree);
        if (issues.Count > 0)
        {
            var lines = string.Join("\n", issues.Select(i => $"  {i.Path}: {i.Message}"));
            var tail = exiting ? "\nEXITING: Failed to parse configuration" : "\nros: nothing was changed";
            throw new RosException($"{what}:\n{lines}{tail}");
        }
    }

    /// <summary>Serialises writers of cloud-config.yml; the directory holding it is made 0700 first.</summary>
    private IDisposable Lock()
    {
        _system.EnsureDirectory(ConfigPaths.ConfDir, DirMode);
        return _system.Lock(ConfigPaths.UserConfigLock);
    }

    private Dictionary<string, object?> Read()
    {
        var text = _system.ReadText(ConfigPaths.UserConfig);
        if (string.IsNullOrWhiteSpace(text))
        {
            return new Dictionary<string, object?>(StringComparer.Ordinal);
        }
        try
        {
            return YamlText.Parse(text, ConfigPaths.UserConfig);
        }
        catch (ConfigSyntaxException e)
        {
            throw new RosException($"{e.Message}\nros: the file was left as it is; fix it (or move it away) and try again");
        }
    }
}
