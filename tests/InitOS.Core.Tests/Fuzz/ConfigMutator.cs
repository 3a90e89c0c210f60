using System.Text;
using InitOS.Core.Config;

namespace InitOS.Core.Tests.Fuzz;

/// <summary>How a mutation may affect the layer it was applied to.</summary>
public enum MutationEffect
{
    /// <summary>The file must still load, with the protected keys as written.</summary>
    KeepsFile,
    /// <summary>The file may be refused whole; if it loads, the protected keys are as written.</summary>
    MayRefuseFile,
    /// <summary>The file must be refused whole (it breaks a limit of <see cref="YamlLimits"/>).</summary>
    RefusesFile,
    /// <summary>Anything may happen to the file's content (truncation, byte flips, empty); only the loader's
    /// invariants hold.</summary>
    Anything,
}

/// <summary>One mutated layer file: its bytes, what was done, and what the loader owes.</summary>
public sealed record MutatedFile(byte[] Bytes, string Description, MutationEffect Effect);

/// <summary>
/// Builds mutated cloud-configs from a valid base, deterministically from a seeded <see cref="Random"/>.
/// The base sets the protected keys <c>rancher.state.dev</c> and <c>rancher.console</c>; tree mutations never
/// touch them or their parents, so where the file still loads they must come through unchanged.
/// </summary>
public sealed class ConfigMutator(Random random)
{
    public const string StateDev = "LABEL=RANCHER_STATE";
    public const string Console = "default";

    public const string Base = """
        hostname: fuzz
        rancher:
          console: default
          state:
            dev: LABEL=RANCHER_STATE
            wait: true
            fstype: auto
          debug: false
          shutdown_timeout: 60
          network:
            dhcp_timeout: 10
            dns:
              nameservers: [1.1.1.1]
            interfaces:
              eth0: {dhcp: true, mtu: 1500}
          services:
            a: {image: x, labels: {io.rancher.os.scope: system, io.rancher.os.after: b}}
            b: {image: x, labels: {io.rancher.os.scope: system}}
            c: {image: x, labels: {io.rancher.os.scope: system, io.rancher.os.after: a, io.rancher.os.before: d}}
            d: {image: x, restart: always, labels: {io.rancher.os.scope: system}}
            e: {image: x, labels: {io.rancher.os.after: d}}
          sysctl:
            vm.swappiness: 10
          environment:
            A: b
        ssh_authorized_keys: [ssh-rsa A]
        write_files:
        - path: /a
          content: x
          permissions: "0644"
        runcmd: [echo hi, [ls, -l]]

        """;

    private static readonly string[][] Protected = [["rancher"], ["rancher", "state"], ["rancher", "state", "dev"], ["rancher", "console"]];

    public MutatedFile Next()
    {
        var kind = random.Next(12);
        return kind switch
        {
            0 => TreeMutation("type swap", SwapValue),
            1 => TreeMutation("deletion", null),
            2 => TreeMutation("huge value", HugeValue),
            3 => TreeMutation("service labels", ServiceLabels),
            4 => Nesting(),
            5 => Aliases(),
            6 => Text(Crlf(Base), "CRLF line ends", MutationEffect.KeepsFile),
            7 => InvalidUtf8(),
            8 => Text("", "empty file", MutationEffect.Anything),
            9 => Text(Base[..random.Next(Base.Length)], "truncated", MutationEffect.Anything),
            10 => ByteFlips(),
            _ => TreeMutation("several", SwapValue, times: 2 + random.Next(6)),
        };
    }

    private MutatedFile Text(string text, string what, MutationEffect effect) => new(Encoding.UTF8.GetBytes(text), what, effect);

    private static string Crlf(string text) => text.Replace("\n", "\r\n", StringComparison.Ordinal);

    private MutatedFile TreeMutation(string what, Func<object?>? replacement, int times = 1)
    {
        var tree = YamlText.Parse(Base, "base");
        var done = new List<string>();
        for (var i = 0; i < times; i++)
        {
            var places = Places(tree, []).Where(p => !Protected.Any(q => q.SequenceEqual(p.Path))).ToList();
            var (path, parent, key) = places[random.Next(places.Count)];
            var value = replacement?.Invoke();
            if (replacement is null && parent is Dictionary<string, object?> map)
            {
                map.Remove((string)key);
            }
            else if (parent is Dictionary<string, object?> m)
            {
                m[(string)key] = value;
            }
            else
            {
                ((List<object?>)parent)[(int)key] = value;
            }
            done.Add($"{string.Join('.', path)}={Short(value)}");
        }
        var text = YamlText.Write(tree);
        return Text(random.Next(4) == 0 ? Crlf(text) : text, $"{what}: {string.Join(", ", done)}", MutationEffect.KeepsFile);
    }

    private static IEnumerable<(string[] Path, object Parent, object Key)> Places(object node, string[] path)
    {
        switch (node)
        {
            case Dictionary<string, object?> map:
                foreach (var (k, v) in map.ToList())
                {
                    string[] p = [.. path, k];
                    yield return (p, map, k);
                    if (v != null)
                    {
                        foreach (var inner in Places(v, p))
                        {
                            yield return inner;
                        }
                    }
                }
                break;
            case List<object?> list:
                for (var i = 0; i < list.Count; i++)
                {
                    string[] p = [.. path, i.ToString(System.Globalization.CultureInfo.InvariantCulture)];
                    yield return (p, list, i);
                    if (list[i] != null)
                    {
                        foreach (var inner in Places(list[i]!, p))
                        {
                            yield return inner;
                        }
                    }
                }
                break;
        }
    }

    private object? SwapValue() => random.Next(10) switch
    {
        0 => "maybe",
        1 => (long)random.Next(-1000, 1000),
        2 => random.Next(2) == 0,
        3 => null,
        4 => new List<object?> { "x", 1L, new Dictionary<string, object?> { ["k"] = "v" } },
        5 => new Dictionary<string, object?> { ["a"] = new List<object?> { true } },
        6 => 2.5,
        7 => "",
        8 => "0755",
        _ => HugeValue(),
    };

    private object? HugeValue() => random.Next(6) switch
    {
        0 => long.MaxValue,
        1 => ulong.MaxValue,
        2 => long.MinValue,
        3 => 1e308,
        4 => -1e308,
        _ => new string('x', random.Next(1_000, 200_000)),
    };

    private object? ServiceLabels()
    {
        var names = new[] { "a", "b", "c", "d", "e", "f" };
        var labels = new Dictionary<string, object?>
        {
            ["io.rancher.os.scope"] = random.Next(3) == 0 ? "user" : "system",
            ["io.rancher.os.after"] = string.Join(',', names.Where(_ => random.Next(3) == 0)),
        };
        if (random.Next(2) == 0)
        {
            labels["io.rancher.os.before"] = names[random.Next(names.Length)];
        }
        return new Dictionary<string, object?> { ["image"] = "x", ["labels"] = labels, ["restart"] = random.Next(5) == 0 ? "sometimes" : "no" };
    }

    private MutatedFile Nesting()
    {
        var depth = random.Next(8) switch
        {
            0 => 100_000,
            1 => 65,
            2 => 1_000 + random.Next(5_000),
            _ => 1 + random.Next(50),
        };
        var style = random.Next(2);
        var nested = style == 0
            ? new string('[', depth) + "x" + new string(']', depth)
            : "{" + string.Concat(Enumerable.Repeat("k: {", depth - 1)) + "k: x" + new string('}', depth);
        var text = Base + "deep: " + nested + "\n";
        // "deep" is level 1 and sits one level deeper than the document's top map
        var effect = depth + 1 > YamlLimits.MaxDepth ? MutationEffect.RefusesFile : MutationEffect.KeepsFile;
        return Text(text, $"nesting {depth} ({(style == 0 ? "lists" : "maps")})", effect);
    }

    private MutatedFile Aliases()
    {
        var levels = random.Next(1, 11);
        var bomb = new StringBuilder("x-l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for (var i = 1; i <= levels; i++)
        {
            bomb.Append($"x-l{i}: &l{i} [{string.Join(", ", Enumerable.Repeat($"*l{i - 1}", 10))}]\n");
        }
        var merge = "x-base: &base {dhcp: true, mtu: 1400}\nx-use:\n  eth1:\n    <<: *base\n    mtu: 9000\n";
        // l0..l4 expand to 111,110 scalars (under the node limit), l0..l5 to over a million
        var effect = levels >= 5 ? MutationEffect.RefusesFile : MutationEffect.KeepsFile;
        return Text(Base + merge + bomb, $"aliases ({levels} levels)", effect);
    }

    private MutatedFile InvalidUtf8()
    {
        var bytes = Encoding.UTF8.GetBytes(Base).ToList();
        var at = Base.IndexOf("fuzz", StringComparison.Ordinal) + 2;
        byte[][] bad = [[0xFF], [0xC3], [0xE2, 0x82], [0xED, 0xA0, 0x80], [0xF8, 0x88, 0x80, 0x80, 0x80], [0x00]];
        var chosen = bad[random.Next(bad.Length)];
        bytes.InsertRange(at, chosen);
        var effect = chosen is [0x00] ? MutationEffect.MayRefuseFile : MutationEffect.KeepsFile;
        return new MutatedFile([.. bytes], $"invalid UTF-8 {Convert.ToHexString(chosen)} in the hostname", effect);
    }

    private MutatedFile ByteFlips()
    {
        var bytes = Encoding.UTF8.GetBytes(Base);
        var flips = 1 + random.Next(8);
        for (var i = 0; i < flips; i++)
        {
            bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
        }
        return new MutatedFile(bytes, $"{flips} random bytes", MutationEffect.Anything);
    }

    private static string Short(object? value)
    {
        var text = value switch
        {
            null => "null",
            List<object?> => "[list]",
            Dictionary<string, object?> => "{map}",
            _ => ConfigValue.FormatScalar(value),
        };
        return text.Length > 20 ? text[..20] + "…" : text;
    }
}
