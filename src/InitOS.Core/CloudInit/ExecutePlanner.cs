using InitOS.Core.Config;

namespace InitOS.Core.CloudInit;

/// <summary>
/// Decides what cloud-init-execute does for the merged config (pure: reads files only through
/// <see cref="ExecuteInputs.ReadText"/>). Keys InitOS does not apply are listed by name in
/// <see cref="ExecutePlan.Unapplied"/>, never dropped silently.
/// </summary>
public static partial class ExecutePlanner
{
    /// <summary>The user that <c>ssh_authorized_keys</c>, <c>password</c> and meta-data keys are for.</summary>
    public const string DefaultUser = "rancher";

    /// <summary>Stamp of a finished <c>rancher.resize_device</c>.</summary>
    public const string ResizeStamp = "/var/lib/rancher/resizefs.done";

    /// <summary>Top-level keys InitOS applies (here, or — for <c>rancher</c> — elsewhere in the OS).</summary>
    public static readonly IReadOnlyList<string> AppliedKeys =
    [
        "hostname", "ssh_authorized_keys", "write_files", "mounts", "runcmd", "bootcmd", "rancher", "users", "password",
        "chpasswd", "ssh_pwauth", "timezone", "ntp", "manage_etc_hosts", "EXTRA_CMDLINE",
    ];

    private const UnixFileMode Mode0644 = (UnixFileMode)0b110_100_100;
    private const UnixFileMode Mode0600 = (UnixFileMode)0b110_000_000;
    private const UnixFileMode Mode0700 = (UnixFileMode)0b111_000_000;

    /// <summary>Plans the phases in <see cref="ExecuteInputs.Phase"/>, in the order they run.</summary>
    public static ExecutePlan Plan(ExecuteInputs inputs)
    {
        var plan = new Builder(inputs);
        if (inputs.Phase.HasFlag(ExecutePhase.Boot))
        {
            Commands(plan, "bootcmd");
        }
        if (inputs.Phase.HasFlag(ExecutePhase.Sysctl) && !inputs.Phase.HasFlag(ExecutePhase.PreConsole))
        {
            Sysctl(plan);
        }
        if (inputs.Phase.HasFlag(ExecutePhase.PreConsole))
        {
            ResizeDevice(plan);
            Sysctl(plan);
            Hostname(plan);
            Timezone(plan);
            Ntp(plan);
            RestartServices(plan);
        }
        if (inputs.Phase.HasFlag(ExecutePhase.Accounts))
        {
            Accounts(plan);
        }
        if ((inputs.Phase & (ExecutePhase.Console | ExecutePhase.Accounts)) != 0)
        {
            // /home is shared by the host and the console (user-volumes), so PID 1 writing rancher's keys reaches
            // sshd too, before the console is up; console-init writes the same (users' keys need its passwd).
            AuthorizedKeys(plan);
        }
        if (inputs.Phase.HasFlag(ExecutePhase.Console))
        {
            WriteFiles(plan);
            Mounts(plan);
            Commands(plan, "runcmd");
        }
        if ((inputs.Phase & ExecutePhase.Default) != 0)
        {
            foreach (var key in inputs.Tree.Keys.Where(k => !AppliedKeys.Contains(k)).Order(StringComparer.Ordinal))
            {
                plan.Unapplied.Add($"'{key}' (not implemented by InitOS)");
            }
        }
        return new ExecutePlan(plan.Steps, plan.Unapplied, plan.Problems);
    }

    /// <summary>
    /// A <c>runcmd</c>/<c>bootcmd</c> entry as argv: a string runs through <c>sh -c</c>, a list runs as is; an
    /// empty list or string gives <c>null</c>.
    /// </summary>
    public static IReadOnlyList<string>? CommandArgv(object? entry) => entry switch
    {
        string s when s.Trim().Length > 0 => ["sh", "-c", s],
        List<object?> list when list.Count > 0 => list.Select(ConfigValue.FormatScalar).ToList(),
        null => null,
        List<object?> => null,
        string => null,
        _ => ["sh", "-c", ConfigValue.FormatScalar(entry)],
    };

    private static void Commands(Builder plan, string key)
    {
        if (plan.Tree.GetValueOrDefault(key) is not { } value)
        {
            return;
        }
        if (value is not List<object?> entries)
        {
            plan.Problems.Add($"'{key}' must be a list of commands");
            return;
        }
        for (var i = 0; i < entries.Count; i++)
        {
            if (CommandArgv(entries[i]) is { } argv)
            {
                plan.Steps.Add(new ExecuteStep.Run($"{key}[{i}]", argv, key));
            }
        }
    }

    private static string? Text(Dictionary<string, object?> map, string key) =>
        map.GetValueOrDefault(key) is { } v and not (List<object?> or Dictionary<string, object?>) ? ConfigValue.FormatScalar(v) : null;

    private static IReadOnlyList<string> StringList(object? value) => value switch
    {
        List<object?> list => list.Where(v => v is not (null or List<object?> or Dictionary<string, object?>)).Select(ConfigValue.FormatScalar).ToList(),
        string s => s.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
        _ => [],
    };

    private static byte[] Utf8(string text) => System.Text.Encoding.UTF8.GetBytes(text);

    /// <summary>Plan under construction.</summary>
    private sealed class Builder
    {
        private AccountFiles? _accounts;

        public Builder(ExecuteInputs inputs)
        {
            Inputs = inputs;
        }

        public ExecuteInputs Inputs { get; }

        public Dictionary<string, object?> Tree => Inputs.Tree;

        public List<ExecuteStep> Steps { get; } = [];

        public List<string> Unapplied { get; } = [];

        public List<string> Problems { get; } = [];

        /// <summary>Users this plan gives a usable password from the config (<c>rancher</c> is locked when it is not one).</summary>
        public HashSet<string> PasswordsSet { get; } = new(StringComparer.Ordinal);

        public AccountFiles Accounts => _accounts ??= new AccountFiles(
            Inputs.ReadText("/etc/passwd"), Inputs.ReadText("/etc/group"), Inputs.ReadText("/etc/shadow"));

        /// <summary>uid, gid and home of a user; RancherOS's fixed ids for rancher/docker when passwd lacks them.</summary>
        public (int Uid, int Gid, string Home)? User(string name) => Accounts.User(name) ?? name switch
        {
            DefaultUser => (1100, 1100, "/home/rancher"),
            _ => null,
        };
    }
}
