using InitOS.Core.Cmdline;
using InitOS.Core.Config;

namespace InitOS.Core.Consoles;

/// <summary>
/// The consoles of the kernel command line and their gettys (RancherOS §10.2): one per <c>console=</c> argument
/// (first occurrence wins, <c>tty0</c> means <c>tty1</c>), <c>tty1</c> when there is none; autologin of
/// <c>rancher</c> where <c>rancher.autologin=&lt;tty&gt;</c> names the console (several allowed) unless
/// <c>rancher.disable</c> lists <c>autologin</c>. Arguments after <c>--</c> belong to init, not to the kernel,
/// and are ignored.
/// </summary>
public static class ConsoleTtys
{
    /// <summary>The getty program of the console image (util-linux).</summary>
    public const string Getty = "/sbin/agetty";

    /// <summary>The consoles in command-line order.</summary>
    public static IReadOnlyList<ConsoleTty> Parse(string cmdline, Dictionary<string, object?> tree)
    {
        var names = new List<(string Name, string? Baud)>();
        var autologin = new HashSet<string>(StringComparer.Ordinal);
        foreach (var token in KernelCmdline.Split(cmdline))
        {
            if (token == "--")
            {
                break;
            }
            if (token.StartsWith("console=", StringComparison.Ordinal))
            {
                var value = token["console=".Length..];
                var comma = value.IndexOf(',');
                var name = comma < 0 ? value : value[..comma];
                name = name.StartsWith("/dev/", StringComparison.Ordinal) ? name[5..] : name;
                name = name == "tty0" ? "tty1" : name;
                var baud = comma < 0 ? null : new string(value[(comma + 1)..].TakeWhile(char.IsAsciiDigit).ToArray());
                if (IsDeviceName(name) && !names.Any(n => n.Name == name))
                {
                    names.Add((name, string.IsNullOrEmpty(baud) ? null : baud));
                }
            }
            else if (token.StartsWith("rancher.autologin=", StringComparison.Ordinal))
            {
                autologin.Add(token["rancher.autologin=".Length..]);
            }
        }
        if (names.Count == 0)
        {
            names.Add(("tty1", null));
        }
        var disabled = ConfigTree.TryGet(tree, ["rancher", "disable"], out var disable) && disable switch
        {
            List<object?> list => list.Any(v => v is string s && s == "autologin"),
            string s => s.Split(',', StringSplitOptions.TrimEntries).Contains("autologin"),
            _ => false,
        };
        return names.Select(n => new ConsoleTty(n.Name, n.Baud, !disabled && autologin.Contains(n.Name))).ToList();
    }

    /// <summary>
    /// The getty's argv: serial lines <c>agetty -L [--autologin rancher] ttyS0 115200 vt102</c> (speed from the
    /// command line, else 115200), virtual terminals <c>agetty --noclear [--autologin rancher] tty1 linux</c>.
    /// </summary>
    public static IReadOnlyList<string> GettyArgv(ConsoleTty tty)
    {
        var argv = new List<string> { Getty };
        argv.Add(tty.IsSerial ? "-L" : "--noclear");
        if (tty.Autologin)
        {
            argv.AddRange(["--autologin", "rancher"]);
        }
        argv.Add(tty.Name);
        if (tty.IsSerial)
        {
            argv.Add(tty.Baud ?? "115200");
            argv.Add("vt102");
        }
        else
        {
            argv.Add("linux");
        }
        return argv;
    }

    private static bool IsDeviceName(string name) =>
        name.Length > 0 && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '.') && !name.Contains("..", StringComparison.Ordinal);
}
