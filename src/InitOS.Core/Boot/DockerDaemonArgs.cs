using System.Globalization;

namespace InitOS.Core.Boot;

/// <summary>
/// Maps an engine config map (<c>rancher.system_docker</c>, <c>rancher.docker</c>; reference §5.4) to
/// dockerd arguments. Unlike RancherOS the order is fixed (the table order below) so the command line
/// is reproducible. Strings become <c>--flag value</c> when non-empty; tri-state booleans become
/// <c>--flag</c>, <c>--flag=false</c> or nothing; list items and map values that are empty are skipped;
/// then <c>extra_args</c> verbatim, then <c>tls_args</c> when <c>tls</c> is true. <c>graph</c> is
/// accepted as an alias of <c>data_root</c> (current dockerd has no <c>--graph</c>); <c>restart</c> is
/// ignored for the same reason.
/// </summary>
public static class DockerDaemonArgs
{
    private static readonly (string Key, string Flag, char Type)[] Table =
    [
        ("bridge", "--bridge", 's'),
        ("bip", "--bip", 's'),
        ("config_file", "--config-file", 's'),
        ("containerd", "--containerd", 's'),
        ("data_root", "--data-root", 's'),
        ("debug", "--debug", 'b'),
        ("exec_root", "--exec-root", 's'),
        ("group", "--group", 's'),
        ("host", "--host", 'l'),
        ("insecure_registry", "--insecure-registry", 'l'),
        ("iptables", "--iptables", 'b'),
        ("ip_masq", "--ip-masq", 'b'),
        ("live_restore", "--live-restore", 'b'),
        ("log_driver", "--log-driver", 's'),
        ("log_opts", "--log-opt", 'm'),
        ("pid_file", "--pidfile", 's'),
        ("registry_mirror", "--registry-mirror", 's'),
        ("selinux_enabled", "--selinux-enabled", 'b'),
        ("storage_driver", "--storage-driver", 's'),
        ("userland_proxy", "--userland-proxy", 'b'),
        ("userns_remap", "--userns-remap", 's'),
    ];

    /// <summary>The dockerd arguments for <paramref name="engine"/>.</summary>
    public static IReadOnlyList<string> Build(IReadOnlyDictionary<string, object?> engine)
    {
        var args = new List<string>();
        foreach (var (key, flag, type) in Table)
        {
            var value = Lookup(engine, key);
            if (value == null && key == "data_root")
            {
                value = Lookup(engine, "graph");
            }
            if (value == null)
            {
                continue;
            }
            switch (type)
            {
                case 's':
                    var s = Scalar(value);
                    if (!string.IsNullOrEmpty(s))
                    {
                        args.Add(flag);
                        args.Add(s);
                    }
                    break;
                case 'b':
                    if (Bool(value) is { } b)
                    {
                        args.Add(b ? flag : flag + "=false");
                    }
                    break;
                case 'l':
                    foreach (var item in List(value))
                    {
                        args.Add(flag);
                        args.Add(item);
                    }
                    break;
                case 'm':
                    if (value is IReadOnlyDictionary<string, object?> map)
                    {
                        foreach (var (k, v) in map.OrderBy(p => p.Key, StringComparer.Ordinal))
                        {
                            var text = Scalar(v);
                            if (!string.IsNullOrEmpty(text))
                            {
                                args.Add(flag);
                                args.Add(k + "=" + text);
                            }
                        }
                    }
                    break;
            }
        }
        args.AddRange(List(Lookup(engine, "extra_args")));
        if (TlsEnabled(engine))
        {
            args.AddRange(TlsArgs(engine));
        }
        return args;
    }

    /// <summary>Whether <c>tls</c> is true in the engine map (a boolean, or the text <c>true</c>).</summary>
    public static bool TlsEnabled(IReadOnlyDictionary<string, object?> engine) => Bool(Lookup(engine, "tls")) == true;

    /// <summary>The <c>tls_args</c> list of the engine map, empty items skipped.</summary>
    public static IReadOnlyList<string> TlsArgs(IReadOnlyDictionary<string, object?> engine) => List(Lookup(engine, "tls_args"));

    /// <summary>The <c>environment</c> list of the engine map (<c>K=V</c> entries for the daemon).</summary>
    public static IReadOnlyList<string> Environment(IReadOnlyDictionary<string, object?> engine) =>
        List(Lookup(engine, "environment")).Where(e => e.Contains('=')).ToList();

    /// <summary>The first <c>unix://</c> host of the engine map, as a socket path; null when it has none.</summary>
    public static string? UnixSocket(IReadOnlyDictionary<string, object?> engine) =>
        List(Lookup(engine, "host")).Where(h => h.StartsWith("unix://", StringComparison.Ordinal)).Select(h => h[7..]).FirstOrDefault();

    private static object? Lookup(IReadOnlyDictionary<string, object?> map, string key) =>
        map.TryGetValue(key, out var v) ? v : null;

    private static string? Scalar(object? value) => value switch
    {
        null => null,
        string s => s,
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => null,
    };

    private static bool? Bool(object? value) => value switch
    {
        bool b => b,
        string s when s.Equals("true", StringComparison.OrdinalIgnoreCase) => true,
        string s when s.Equals("false", StringComparison.OrdinalIgnoreCase) => false,
        _ => null,
    };

    private static IReadOnlyList<string> List(object? value) => value switch
    {
        null => [],
        string s when s.Length > 0 => [s],
        IEnumerable<object?> items => items.Select(Scalar).Where(s => !string.IsNullOrEmpty(s)).Select(s => s!).ToList(),
        _ => [],
    };
}
