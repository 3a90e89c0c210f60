namespace InitOS.Core.Services;

/// <summary>The cycles of a dependency graph: its strongly connected groups of more than one node (Tarjan's
/// algorithm, run with an explicit stack so that no input depth can exhaust the call stack).</summary>
public static class DependencyCycles
{
    /// <summary>The groups of nodes that wait for each other, each sorted by name, in order of their first name.
    /// <paramref name="deps"/> maps every node to the nodes it waits for (all of them keys too).</summary>
    public static IReadOnlyList<IReadOnlyList<string>> Find(IReadOnlyDictionary<string, SortedSet<string>> deps)
    {
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var low = new Dictionary<string, int>(StringComparer.Ordinal);
        var onStack = new HashSet<string>(StringComparer.Ordinal);
        var stack = new Stack<string>();
        var groups = new List<IReadOnlyList<string>>();
        foreach (var root in deps.Keys.Order(StringComparer.Ordinal))
        {
            if (index.ContainsKey(root))
            {
                continue;
            }
            // each frame: a node and the enumerator over what it waits for
            var work = new Stack<(string Node, IEnumerator<string> Next)>();
            Open(root);
            while (work.Count > 0)
            {
                var (node, next) = work.Peek();
                if (next.MoveNext())
                {
                    var m = next.Current;
                    if (!index.ContainsKey(m))
                    {
                        Open(m);
                    }
                    else if (onStack.Contains(m))
                    {
                        low[node] = Math.Min(low[node], index[m]);
                    }
                    continue;
                }
                work.Pop();
                if (work.Count > 0)
                {
                    var parent = work.Peek().Node;
                    low[parent] = Math.Min(low[parent], low[node]);
                }
                if (low[node] == index[node])
                {
                    var group = new List<string>();
                    string member;
                    do
                    {
                        member = stack.Pop();
                        onStack.Remove(member);
                        group.Add(member);
                    }
                    while (member != node);
                    if (group.Count > 1)
                    {
                        group.Sort(StringComparer.Ordinal);
                        groups.Add(group);
                    }
                }
            }

            void Open(string n)
            {
                index[n] = low[n] = index.Count;
                stack.Push(n);
                onStack.Add(n);
                work.Push((n, deps[n].GetEnumerator()));
            }
        }
        groups.Sort((a, b) => StringComparer.Ordinal.Compare(a[0], b[0]));
        return groups;
    }

    /// <summary>One cycle through a group, for the message: from the group's first name, each step to the first
    /// (by name) member it waits for, until a name repeats: <c>a -> b -> a</c>.</summary>
    public static IReadOnlyList<string> Example(IReadOnlyList<string> group, IReadOnlyDictionary<string, SortedSet<string>> deps)
    {
        var members = new HashSet<string>(group, StringComparer.Ordinal);
        var path = new List<string>();
        var at = new Dictionary<string, int>(StringComparer.Ordinal);
        var node = group[0];
        while (!at.ContainsKey(node))
        {
            at[node] = path.Count;
            path.Add(node);
            node = deps[node].First(members.Contains);
        }
        return [.. path.Skip(at[node]), node];
    }
}
