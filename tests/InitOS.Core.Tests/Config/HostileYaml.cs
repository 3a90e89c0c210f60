using System.Text;

namespace InitOS.Core.Tests.Config;

/// <summary>Texts built to break a YAML loader (issue 12): deep nesting, alias bombs, oversize files.</summary>
public static class HostileYaml
{
    /// <summary><c>a: [[[…]]]</c>, <paramref name="depth"/> flow lists deep.</summary>
    public static string DeepFlow(int depth) => "a: " + new string('[', depth) + new string(']', depth) + "\n";

    /// <summary><c>a:\n- - - … x</c>: <paramref name="depth"/> block lists deep on one line.</summary>
    public static string DeepBlock(int depth)
    {
        var text = new StringBuilder("a:\n");
        for (var i = 0; i < depth; i++)
        {
            text.Append("- ");
        }
        return text.Append("x\n").ToString();
    }

    /// <summary>"Billion laughs": <paramref name="levels"/> anchors, each a list of ten aliases of the one
    /// before; written out it has 10^levels scalars.</summary>
    public static string AliasBomb(int levels)
    {
        var text = new StringBuilder("l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for (var i = 1; i <= levels; i++)
        {
            var refs = string.Join(", ", Enumerable.Repeat($"*l{i - 1}", 10));
            text.Append($"l{i}: &l{i} [{refs}]\n");
        }
        return text.ToString();
    }
}
