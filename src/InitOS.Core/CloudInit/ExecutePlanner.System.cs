using InitOS.Core.Config;

namespace InitOS.Core.CloudInit;

public static partial class ExecutePlanner
{
    /// <summary>
    /// The hostname (<c>hostname</c>, else <c>rancher.defaults.hostname</c> when the machine has no name yet) and
    /// the <c>/etc/hosts</c> line <c>127.0.1.1 &lt;hostname&gt;</c>, which is always present (sudo resolves the
    /// host name through it); without a configured name the line names the kernel's current one.
    /// <c>/etc/hosts</c> is rewritten in place: it is bind-mounted into every service container.
    /// </summary>
    private static void Hostname(Builder plan)
    {
        var hostname = Text(plan.Tree, "hostname");
        var current = plan.Inputs.ReadText("/proc/sys/kernel/hostname")?.Trim();
        if (string.IsNullOrWhiteSpace(hostname) && ConfigTree.TryGet(plan.Tree, ["rancher", "defaults", "hostname"], out var fallback) && fallback is string s)
        {
            // The default only replaces no name at all: a name DHCP gave the host stays (RancherOS netconf).
            if (current is null or "" or "(none)" or "localhost")
            {
                hostname = s;
            }
        }
        if (!string.IsNullOrWhiteSpace(hostname))
        {
            hostname = hostname.Trim();
            if (!IsValidHostname(hostname))
            {
                plan.Problems.Add($"hostname '{hostname}' is not a valid host name, not set");
                return;
            }
            plan.Steps.Add(new ExecuteStep.SetHostname(hostname));
            plan.Steps.Add(new ExecuteStep.WriteFile("/etc/hostname", Utf8(hostname + "\n"), Mode0644, 0, 0));
        }
        else if (current is { Length: > 0 } && current != "(none)" && IsValidHostname(current))
        {
            hostname = current;
        }
        else
        {
            return;
        }
        var manage = plan.Tree.GetValueOrDefault("manage_etc_hosts");
        var hosts = plan.Inputs.ReadText("/etc/hosts");
        string? updated = manage switch
        {
            true or "true" or "template" => $"127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n127.0.1.1\t{hostname}\n",
            _ => HostsWithHostname(hosts ?? "127.0.0.1\tlocalhost\n", hostname, add: true),
        };
        if (manage is not (null or bool or "true" or "false" or "template" or "localhost"))
        {
            plan.Problems.Add($"manage_etc_hosts: '{ConfigValue.FormatScalar(manage)}' is not one of true, false, template, localhost");
        }
        if (updated != hosts)
        {
            plan.Steps.Add(new ExecuteStep.RewriteInPlace("/etc/hosts", Utf8(updated)));
        }
    }

    /// <summary>True for a host name sethostname(2) and /etc/hosts accept: 1-64 of letters, digits, '-', '.', '_'.</summary>
    public static bool IsValidHostname(string name) =>
        name.Length is > 0 and <= 64 && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_');

    /// <summary>
    /// <c>/etc/hosts</c> with its <c>127.0.1.1</c> line naming <paramref name="hostname"/> (RancherOS rewrote that
    /// line); without such a line the text is unchanged unless <paramref name="add"/>.
    /// </summary>
    public static string HostsWithHostname(string hosts, string hostname, bool add)
    {
        var lines = hosts.Split('\n').ToList();
        if (lines.Count > 0 && lines[^1].Length == 0)
        {
            lines.RemoveAt(lines.Count - 1);
        }
        var index = lines.FindIndex(l => l.StartsWith("127.0.1.1", StringComparison.Ordinal));
        if (index >= 0)
        {
            lines[index] = $"127.0.1.1\t{hostname}";
        }
        else if (add)
        {
            lines.Add($"127.0.1.1\t{hostname}");
        }
        return string.Join('\n', lines) + "\n";
    }

    private static void Sysctl(Builder plan)
    {
        if (!ConfigTree.TryGet(plan.Tree, ["rancher", "sysctl"], out var value) || value is not Dictionary<string, object?> sysctl)
        {
            return;
        }
        foreach (var (key, setting) in sysctl.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            if (key.Length == 0 || key.Contains("..", StringComparison.Ordinal) || key.Contains('/') || key.StartsWith('.') || setting is List<object?> or Dictionary<string, object?>)
            {
                plan.Problems.Add($"rancher.sysctl '{key}' is not a valid setting, skipped");
                continue;
            }
            plan.Steps.Add(new ExecuteStep.WriteKernelSetting("/proc/sys/" + key.Replace('.', '/'), ConfigValue.FormatScalar(setting)));
        }
    }

    private static void ResizeDevice(Builder plan)
    {
        if (!ConfigTree.TryGet(plan.Tree, ["rancher", "resize_device"], out var value) || value is not string { Length: > 0 } device
            || plan.Inputs.ReadText(ResizeStamp) is not null)
        {
            return;
        }
        if (!device.StartsWith("/dev/", StringComparison.Ordinal))
        {
            plan.Problems.Add($"rancher.resize_device '{device}' is not a /dev path, not resized");
            return;
        }
        var (partition, number) = PartitionOf(device);
        plan.Steps.Add(new ExecuteStep.Run("resize: grow partition", ["growpart", device, number.ToString(System.Globalization.CultureInfo.InvariantCulture)], "resize"));
        plan.Steps.Add(new ExecuteStep.Run("resize: re-read partitions", ["partprobe", device], "resize"));
        plan.Steps.Add(new ExecuteStep.Run("resize: grow filesystem", ["resize2fs", partition], "resize"));
        plan.Steps.Add(new ExecuteStep.WriteFile(ResizeStamp, [], Mode0600, 0, 0, "resize"));
    }

    /// <summary>
    /// The partition <c>rancher.resize_device</c> grows: number 1 (2 on <c>mmcblk</c>, whose first partition is
    /// the boot one), named with a <c>p</c> when the disk name ends in a digit (<c>nvme0n1p1</c>).
    /// </summary>
    public static (string Partition, int Number) PartitionOf(string device)
    {
        var number = device.Contains("mmcblk", StringComparison.Ordinal) ? 2 : 1;
        var separator = char.IsAsciiDigit(device[^1]) ? "p" : "";
        return ($"{device}{separator}{number}", number);
    }

    private static void RestartServices(Builder plan)
    {
        if (ConfigTree.TryGet(plan.Tree, ["rancher", "restart_services"], out var value))
        {
            foreach (var service in StringList(value))
            {
                plan.Steps.Add(new ExecuteStep.Run($"restart of '{service}'", ["system-docker", "restart", service]));
            }
        }
    }

    private static void Timezone(Builder plan)
    {
        if (Text(plan.Tree, "timezone") is not { Length: > 0 } zone)
        {
            return;
        }
        if (zone.Contains("..", StringComparison.Ordinal) || zone.StartsWith('/') || zone.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '/' or '_' or '-' or '+')))
        {
            plan.Problems.Add($"timezone '{zone}' is not a zone name, not set");
            return;
        }
        plan.Steps.Add(new ExecuteStep.Symlink("/etc/localtime", "/usr/share/zoneinfo/" + zone));
        plan.Steps.Add(new ExecuteStep.WriteFile("/etc/timezone", Utf8(zone + "\n"), Mode0644, 0, 0));
    }

    /// <summary>
    /// <c>ntp</c> is applied by the <c>ntp</c> service itself (<c>ntp-init</c> renders chrony's configuration at
    /// every start, see <see cref="InitOS.Core.Ntp.ChronyConfig"/>); here only what it will not apply is reported.
    /// </summary>
    private static void Ntp(Builder plan)
    {
        var chrony = InitOS.Core.Ntp.ChronyConfig.From(plan.Tree);
        plan.Unapplied.AddRange(chrony.Unapplied);
        plan.Problems.AddRange(chrony.Problems);
    }
}
