using System.Text;
using InitOS.Core.Config;

namespace InitOS.Core.Consoles;

/// <summary>
/// The environment of login sessions in the console: <c>rancher.environment</c> (names that are valid shell
/// variables; <c>PATH</c> is a comma list appended to the path, as RancherOS's <c>path.sh</c>) and the proxy
/// settings <c>rancher.network.http_proxy</c>, <c>https_proxy</c>, <c>no_proxy</c>, exported in both the upper
/// and the lower case spelling (curl reads only <c>http_proxy</c> in lower case, others only upper case). A proxy
/// key in <c>rancher.network</c> wins over the same name in <c>rancher.environment</c>.
/// Rendered twice: <see cref="ProfilePath"/> for login shells (sourced by <c>/etc/profile</c>), and
/// <see cref="EnvironmentPath"/> for pam_env (ssh commands and sudo, which read no profile).
/// </summary>
public static class LoginEnvironment
{
    /// <summary>The login shell snippet.</summary>
    public const string ProfilePath = "/etc/profile.d/initos-environment.sh";

    /// <summary>pam_env's file.</summary>
    public const string EnvironmentPath = "/etc/environment";

    private static readonly string[] ProxyNames = ["http_proxy", "https_proxy", "no_proxy"];

    /// <summary>The variables, sorted by name (both proxy spellings included); <c>PATH</c> is not among them.</summary>
    public static IReadOnlyList<(string Name, string Value)> Variables(Dictionary<string, object?> tree)
    {
        var vars = new SortedDictionary<string, string>(StringComparer.Ordinal);
        if (ConfigTree.TryGet(tree, ["rancher", "environment"], out var env) && env is Dictionary<string, object?> map)
        {
            foreach (var (name, value) in map)
            {
                if (IsName(name) && name != "PATH" && value is not (null or List<object?> or Dictionary<string, object?>))
                {
                    vars[name] = ConfigValue.FormatScalar(value);
                }
            }
        }
        foreach (var proxy in ProxyNames)
        {
            string? value = null;
            if (ConfigTree.TryGet(tree, ["rancher", "network", proxy], out var configured) && configured is not (null or List<object?> or Dictionary<string, object?>)
                && ConfigValue.FormatScalar(configured) is { Length: > 0 } text)
            {
                value = text;
            }
            value ??= vars.GetValueOrDefault(proxy) ?? vars.GetValueOrDefault(proxy.ToUpperInvariant());
            if (value is not null)
            {
                vars[proxy] = value;
                vars[proxy.ToUpperInvariant()] = value;
            }
        }
        return vars.Select(kv => (kv.Key, kv.Value)).ToList();
    }

    /// <summary>The directories of <c>rancher.environment.PATH</c> (comma-separated), to append to <c>PATH</c>.</summary>
    public static IReadOnlyList<string> ExtraPath(Dictionary<string, object?> tree) =>
        ConfigTree.TryGet(tree, ["rancher", "environment", "PATH"], out var path) && path is not (null or List<object?> or Dictionary<string, object?>)
            ? ConfigValue.FormatScalar(path).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Where(p => !p.Contains(':')).ToList()
            : [];

    /// <summary>
    /// The profile snippet: one <c>export NAME='value'</c> per variable, then <c>/usr/sbin</c> and <c>/sbin</c> (so
    /// that <c>poweroff</c> is found and says it needs root rather than "command not found") and the extra
    /// directories appended to <c>PATH</c> when missing.
    /// </summary>
    public static string RenderProfile(Dictionary<string, object?> tree)
    {
        var text = new StringBuilder("# Written by console-init from rancher.environment and rancher.network proxy keys; edits here are lost\n");
        foreach (var (name, value) in Variables(tree))
        {
            text.Append("export ").Append(name).Append('=').Append(ShellQuote(value)).Append('\n');
        }
        foreach (var dir in (IEnumerable<string>)["/usr/sbin", "/sbin", .. ExtraPath(tree)])
        {
            var quoted = ShellQuote(dir);
            text.Append("case \":$PATH:\" in *:").Append(quoted).Append(":*) ;; *) PATH=\"$PATH:\"").Append(quoted).Append(" ;; esac\n");
        }
        text.Append("export PATH\n");
        return text.ToString();
    }

    /// <summary>pam_env's <c>/etc/environment</c>: <c>NAME="value"</c> lines (values with <c>"</c>, <c>\</c> or a newline are left out).</summary>
    public static string RenderEnvironment(Dictionary<string, object?> tree)
    {
        var text = new StringBuilder("# Written by console-init from rancher.environment and rancher.network proxy keys; edits here are lost\n");
        foreach (var (name, value) in Variables(tree).Where(v => !v.Value.Any(c => c is '"' or '\\' or '\n' or '\r')))
        {
            text.Append(name).Append("=\"").Append(value).Append("\"\n");
        }
        return text.ToString();
    }

    /// <summary>True for a POSIX shell variable name.</summary>
    public static bool IsName(string name) =>
        name.Length > 0 && (char.IsAsciiLetter(name[0]) || name[0] == '_') && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');

    /// <summary>Single-quotes a word for sh (<c>'</c> becomes <c>'\''</c>).</summary>
    public static string ShellQuote(string value) => "'" + value.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
