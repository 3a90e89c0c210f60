using System.Globalization;
using System.Net;
using InitOS.Core.Config;
using InitOS.Core.Ntp;

namespace InitOS.Core.Syslog;

/// <summary>
/// How the <c>syslog</c> system service runs busybox's <c>syslogd</c> and <c>klogd</c>, decided from
/// <c>rancher.syslog</c>: the log file <see cref="LogFile"/> (with <see cref="MessagesLink"/> pointing at
/// it), rotated by size so <c>/var/log</c> never fills, and optional forwarding over UDP to remote servers
/// (the local file is kept as well). Bad entries are reported and skipped; numbers out of range are clamped
/// and reported.
/// </summary>
/// <param name="Syslogd">The arguments of <c>busybox</c> that run syslogd in the foreground.</param>
/// <param name="Klogd">The arguments of <c>busybox</c> that run klogd (kernel messages into syslog) in the foreground.</param>
/// <param name="Remotes">The remote servers, <c>host:port</c> (IPv6 in brackets).</param>
/// <param name="RotateSizeKiB">The size at which the log file is rotated, in KiB.</param>
/// <param name="RotateCount">How many rotated files are kept (<c>syslog.0</c> … ).</param>
/// <param name="Problems">Entries skipped or values clamped, each naming its key.</param>
public sealed record SyslogPlan(IReadOnlyList<string> Syslogd, IReadOnlyList<string> Klogd, IReadOnlyList<string> Remotes,
    int RotateSizeKiB, int RotateCount, IReadOnlyList<string> Problems)
{
    /// <summary>The log file, as Debian writes it.</summary>
    public const string LogFile = "/var/log/syslog";

    /// <summary>A symlink to <see cref="LogFile"/> where users of other distributions look.</summary>
    public const string MessagesLink = "/var/log/messages";

    /// <summary>Default rotation size: 5 MiB.</summary>
    public const int DefaultRotateSizeKiB = 5120;

    /// <summary>Default number of rotated files kept: with the live file, at most 20 MiB of log.</summary>
    public const int DefaultRotateCount = 3;

    private const int MinSizeKiB = 64, MaxSizeKiB = 1024 * 1024, MinCount = 1, MaxCount = 99;
    private const int DefaultPort = 514;

    /// <summary>The programs the service needs in its image: busybox with these applets.</summary>
    public static readonly IReadOnlyList<string> Applets = ["syslogd", "klogd"];

    /// <summary>Decides the plan for the merged <paramref name="tree"/>.</summary>
    public static SyslogPlan From(Dictionary<string, object?> tree)
    {
        var problems = new List<string>();
        var section = (tree.GetValueOrDefault("rancher") as Dictionary<string, object?>)?.GetValueOrDefault("syslog");
        var syslog = section as Dictionary<string, object?> ?? [];
        if (section is not null and not Dictionary<string, object?>)
        {
            problems.Add("rancher.syslog: must be a map (remote, rotate_size_kb, rotate_count), ignored");
        }
        var size = Number(syslog, "rotate_size_kb", DefaultRotateSizeKiB, MinSizeKiB, MaxSizeKiB, problems);
        var count = Number(syslog, "rotate_count", DefaultRotateCount, MinCount, MaxCount, problems);
        var remotes = ParseRemotes(syslog.GetValueOrDefault("remote"), problems);
        foreach (var key in syslog.Keys.Where(k => k is not ("remote" or "rotate_size_kb" or "rotate_count")).Order(StringComparer.Ordinal))
        {
            problems.Add($"rancher.syslog.{key}: unknown key, ignored (known: remote, rotate_size_kb, rotate_count)");
        }
        var syslogd = new List<string>
        {
            "syslogd", "-n", "-O", LogFile,
            "-s", size.ToString(CultureInfo.InvariantCulture), "-b", count.ToString(CultureInfo.InvariantCulture),
        };
        foreach (var remote in remotes)
        {
            syslogd.AddRange(["-R", remote]);
        }
        if (remotes.Count > 0)
        {
            syslogd.Add("-L"); // keep the local file when forwarding
        }
        return new SyslogPlan(syslogd, ["klogd", "-n"], remotes, size, count, problems);
    }

    private static int Number(Dictionary<string, object?> syslog, string key, int fallback, int min, int max, List<string> problems)
    {
        var value = syslog.GetValueOrDefault(key);
        if (value is null)
        {
            return fallback;
        }
        if (!long.TryParse(ConfigValue.FormatScalar(value), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number)
            || value is List<object?> or Dictionary<string, object?>)
        {
            problems.Add($"rancher.syslog.{key}: '{ConfigValue.FormatScalar(value)}' is not a whole number, using {fallback}");
            return fallback;
        }
        if (number < min || number > max)
        {
            var clamped = (int)Math.Clamp(number, min, max);
            problems.Add($"rancher.syslog.{key}: {number} is out of range {min}..{max}, using {clamped}");
            return clamped;
        }
        return (int)number;
    }

    private static List<string> ParseRemotes(object? value, List<string> problems)
    {
        var entries = value switch
        {
            null => [],
            List<object?> list => list,
            _ => [value],
        };
        var remotes = new List<string>();
        for (var i = 0; i < entries.Count; i++)
        {
            var text = entries[i] is List<object?> or Dictionary<string, object?> or null ? "" : ConfigValue.FormatScalar(entries[i]).Trim();
            var remote = Remote(text, out var why);
            if (remote is null)
            {
                problems.Add($"rancher.syslog.remote[{i}]: '{text}' {why}, skipped");
            }
            else if (!remotes.Contains(remote, StringComparer.Ordinal))
            {
                remotes.Add(remote);
            }
        }
        return remotes;
    }

    /// <summary>
    /// Parses one remote server: <c>host</c>, <c>host:port</c>, <c>[v6]:port</c>, a bare IPv6 address, each
    /// optionally prefixed <c>udp://</c>; returns <c>host:port</c> (IPv6 in brackets) or null with the reason.
    /// </summary>
    public static string? Remote(string text, out string why)
    {
        why = "";
        var rest = text;
        var scheme = rest.IndexOf("://", StringComparison.Ordinal);
        if (scheme >= 0)
        {
            var name = rest[..scheme].ToLowerInvariant();
            if (name != "udp")
            {
                why = $"uses '{name}': only UDP forwarding is supported";
                return null;
            }
            rest = rest[(scheme + 3)..];
        }
        string host;
        var port = DefaultPort;
        string? portText = null;
        if (rest.StartsWith('['))
        {
            var close = rest.IndexOf(']', StringComparison.Ordinal);
            if (close < 0)
            {
                why = "has an unclosed '['";
                return null;
            }
            host = rest[1..close];
            var after = rest[(close + 1)..];
            if (after.Length > 0)
            {
                if (!after.StartsWith(':'))
                {
                    why = "is not host[:port]";
                    return null;
                }
                portText = after[1..];
            }
            if (!IPAddress.TryParse(host, out var v6) || v6.AddressFamily != System.Net.Sockets.AddressFamily.InterNetworkV6)
            {
                why = "does not hold an IPv6 address in brackets";
                return null;
            }
        }
        else if (rest.Count(c => c == ':') > 1)
        {
            host = rest; // a bare IPv6 address
            if (!IPAddress.TryParse(host, out _))
            {
                why = "is not an address";
                return null;
            }
        }
        else
        {
            var colon = rest.IndexOf(':', StringComparison.Ordinal);
            host = colon < 0 ? rest : rest[..colon];
            portText = colon < 0 ? null : rest[(colon + 1)..];
        }
        if (portText is not null && (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out port) || port is < 1 or > 65535))
        {
            why = "has no port in 1..65535";
            return null;
        }
        if (!ChronyConfig.IsHost(host))
        {
            why = "is not a host name or address";
            return null;
        }
        return (host.Contains(':') ? $"[{host}]" : host) + ":" + port.ToString(CultureInfo.InvariantCulture);
    }
}
