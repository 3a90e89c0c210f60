using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace InitOS.Core.Config;

/// <summary>
/// A YamlDotNet <see cref="IParser"/> that passes the events of an inner parser through and enforces
/// <see cref="YamlLimits"/> on them as they go: nesting depth, and the node count with every alias expanded
/// (an alias counts the whole node it names, and its depth adds to where it stands). An alias of a node that
/// is still open (a node containing itself) is refused, because the tree is plain data. The representation
/// model consuming these events recurses per level, so the depth check runs before that recursion goes deep.
/// Keeps no recursion of its own.
/// </summary>
internal sealed class LimitedParser(IParser inner, string sourceName) : IParser
{
    private sealed class Frame(string? anchor)
    {
        public string? Anchor { get; } = anchor;
        public long Nodes { get; set; } = 1;
        public int Height { get; set; } = 1;
    }

    private readonly Stack<Frame> _open = new();
    private readonly Dictionary<string, (long Nodes, int Height)> _anchors = new(StringComparer.Ordinal);
    private long _nodes;

    public ParsingEvent? Current => inner.Current;

    public bool MoveNext()
    {
        if (!inner.MoveNext())
        {
            return false;
        }
        switch (inner.Current)
        {
            case DocumentStart:
                _anchors.Clear();
                _nodes = 0;
                break;
            case MappingStart or SequenceStart:
            {
                var start = (NodeEvent)inner.Current;
                Count(1, _open.Count + 1, start);
                _open.Push(new Frame(start.Anchor.IsEmpty ? null : start.Anchor.Value));
                break;
            }
            case MappingEnd or SequenceEnd:
            {
                var done = _open.Pop();
                if (done.Anchor != null)
                {
                    _anchors[done.Anchor] = (done.Nodes, done.Height);
                }
                AddToParent(done.Nodes, done.Height);
                break;
            }
            case Scalar scalar:
                Count(1, _open.Count, scalar);
                if (!scalar.Anchor.IsEmpty)
                {
                    _anchors[scalar.Anchor.Value] = (1, 0);
                }
                AddToParent(1, 0);
                break;
            case AnchorAlias alias:
            {
                if (!_anchors.TryGetValue(alias.Value.Value, out var named))
                {
                    var reason = _open.Any(f => f.Anchor == alias.Value.Value)
                        ? $"the alias *{alias.Value.Value} is inside the node it names (a cycle)"
                        : $"the alias *{alias.Value.Value} names no anchor before it";
                    throw Refuse(alias, reason);
                }
                Count(named.Nodes, _open.Count + named.Height, alias);
                AddToParent(named.Nodes, named.Height);
                break;
            }
        }
        return true;
    }

    private void Count(long nodes, int depth, ParsingEvent at)
    {
        if (depth > YamlLimits.MaxDepth)
        {
            throw Refuse(at, $"nested deeper than {YamlLimits.MaxDepth} levels (the limit)");
        }
        _nodes += nodes;
        if (_nodes > YamlLimits.MaxNodes)
        {
            throw Refuse(at, $"more than {YamlLimits.MaxNodes} nodes with aliases expanded (the limit)");
        }
    }

    private void AddToParent(long nodes, int height)
    {
        if (_open.TryPeek(out var parent))
        {
            parent.Nodes += nodes;
            parent.Height = Math.Max(parent.Height, height + 1);
        }
    }

    private ConfigSyntaxException Refuse(ParsingEvent at, string reason) =>
        new(sourceName, Math.Max(1, at.Start.Line), Math.Max(1, at.Start.Column), reason);
}
