using InitOS.Core.CloudInit;
using InitOS.Core.Config;

namespace InitOS.Core.Consoles;

/// <summary>
/// SSH host keys that survive reboots and console recreation: kept on the state partition in
/// <see cref="Directory"/> (0700; private keys 0600, public 0644). A type given in <c>rancher.ssh.keys</c>
/// (<c>&lt;type&gt;</c>: private key, <c>&lt;type&gt;-pub</c>: public key) is written from there; a default type
/// with no key yet is generated once with <c>ssh-keygen</c>; an existing key is left alone. RancherOS saved
/// generated keys back into <c>rancher.ssh.keys</c>; InitOS keeps them as files instead, so private keys never
/// enter the config (and <c>ros config export</c>).
/// </summary>
public static class SshHostKeys
{
    /// <summary>Where the host keys live (the state partition's <c>/var/lib/rancher</c>).</summary>
    public const string Directory = "/var/lib/rancher/conf/ssh";

    /// <summary>Types generated when absent.</summary>
    public static readonly IReadOnlyList<string> DefaultTypes = ["rsa", "ecdsa", "ed25519"];

    /// <summary>Types accepted from <c>rancher.ssh.keys</c>.</summary>
    public static readonly IReadOnlyList<string> KnownTypes = ["rsa", "dsa", "ecdsa", "ed25519"];

    /// <summary>The private key file of a type.</summary>
    public static string KeyPath(string type) => $"{Directory}/ssh_host_{type}_key";

    /// <summary>
    /// The steps that make the keys exist, and the private key paths sshd should load (default types plus any
    /// configured one), in a stable order.
    /// </summary>
    public static (IReadOnlyList<ExecuteStep> Steps, IReadOnlyList<string> HostKeys, IReadOnlyList<string> Problems) Plan(
        Dictionary<string, object?> tree, Func<string, string?> readText)
    {
        var steps = new List<ExecuteStep> { new ExecuteStep.MakeDirectory(Directory, Modes.Dir0700, 0, 0) };
        var problems = new List<string>();
        var configured = ConfigTree.TryGet(tree, ["rancher", "ssh", "keys"], out var value) && value is Dictionary<string, object?> map
            ? map
            : new Dictionary<string, object?>();
        foreach (var key in configured.Keys.Where(k => !KnownTypes.Contains(k.EndsWith("-pub", StringComparison.Ordinal) ? k[..^4] : k)).Order(StringComparer.Ordinal))
        {
            problems.Add($"rancher.ssh.keys.{key} is not a host key type ({string.Join(", ", KnownTypes)}), skipped");
        }
        var types = KnownTypes.Where(t => DefaultTypes.Contains(t) || configured.ContainsKey(t)).ToList();
        foreach (var type in types)
        {
            var path = KeyPath(type);
            var privateKey = Scalar(configured.GetValueOrDefault(type));
            var publicKey = Scalar(configured.GetValueOrDefault(type + "-pub"));
            if (privateKey is not null)
            {
                if (publicKey is null)
                {
                    problems.Add($"rancher.ssh.keys.{type} has no {type}-pub; the public key file is not written");
                }
                AddIfChanged(steps, readText, path, EndWithNewline(privateKey), Modes.File0600);
                if (publicKey is not null)
                {
                    AddIfChanged(steps, readText, path + ".pub", EndWithNewline(publicKey), Modes.File0644);
                }
            }
            else if (readText(path) is null)
            {
                steps.Add(new ExecuteStep.Run($"generation of the {type} host key", ["ssh-keygen", "-q", "-t", type, "-N", "", "-C", "", "-f", path], MapArguments: true));
            }
        }
        return (steps, types.Select(KeyPath).ToList(), problems);
    }

    private static void AddIfChanged(List<ExecuteStep> steps, Func<string, string?> readText, string path, string content, UnixFileMode mode)
    {
        if (readText(path) != content)
        {
            steps.Add(new ExecuteStep.WriteFile(path, System.Text.Encoding.UTF8.GetBytes(content), mode, 0, 0));
        }
    }

    private static string? Scalar(object? value) =>
        value is null or List<object?> or Dictionary<string, object?> ? null : ConfigValue.FormatScalar(value) is { Length: > 0 } s ? s : null;

    private static string EndWithNewline(string text) => text.EndsWith('\n') ? text : text + "\n";
}
