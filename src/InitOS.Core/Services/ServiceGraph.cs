namespace InitOS.Core.Services;

/// <summary>
/// Orders services by their dependencies (reference §6): explicit ones — the <c>after</c> label, links,
/// volumes_from, and the inverse <c>before</c> label — and implicit ones: a user-scope service waits for
/// <c>docker</c>, one logging to <c>syslog</c> waits for <c>syslog</c>. A dependency on a service that
/// is not defined is dropped with a warning; an implicit dependency that would close a cycle is dropped
/// with a warning; an explicit cycle is an error (<see cref="ServiceSpecException"/>).
/// </summary>
public static class ServiceGraph
{
    /// <summary>Builds the plan for <paramref name="services"/>.</summary>
    public static ServicePlan Plan(IReadOnlyList<ServiceDefinition> services)
    {
        var byName = services.ToDictionary(s => s.Name, StringComparer.Ordinal);
        var deps = services.ToDictionary(s => s.Name, _ => new SortedSet<string>(StringComparer.Ordinal), StringComparer.Ordinal);
        var warnings = new List<string>();

        foreach (var s in services)
        {
            foreach (var a in s.After)
            {
                if (byName.ContainsKey(a))
                {
                    deps[s.Name].Add(a);
                }
                else
                {
                    warnings.Add($"Service '{s.Name}' starts after '{a}', which is not defined, ignoring");
                }
            }
            foreach (var b in s.Before)
            {
                if (byName.ContainsKey(b))
                {
                    deps[b].Add(s.Name);
                }
                else
                {
                    warnings.Add($"Service '{s.Name}' starts before '{b}', which is not defined, ignoring");
                }
            }
        }
        if (FindCycle(deps) is { } cycle)
        {
            throw new ServiceSpecException(cycle[0], ServiceLabels.After, "dependency cycle: " + string.Join(" -> ", cycle));
        }
        foreach (var s in services)
        {
            foreach (var implicitDep in Implicit(s))
            {
                if (!byName.ContainsKey(implicitDep) || implicitDep == s.Name || deps[s.Name].Contains(implicitDep))
                {
                    continue;
                }
                if (Reaches(deps, implicitDep, s.Name))
                {
                    warnings.Add($"Implicit dependency of '{s.Name}' on '{implicitDep}' would close a cycle, ignoring");
                    continue;
                }
                deps[s.Name].Add(implicitDep);
            }
        }

        var order = new List<ServiceDefinition>();
        var done = new HashSet<string>(StringComparer.Ordinal);
        var remaining = new SortedSet<string>(byName.Keys, StringComparer.Ordinal);
        while (remaining.Count > 0)
        {
            var ready = remaining.First(n => deps[n].All(done.Contains));
            order.Add(byName[ready]);
            done.Add(ready);
            remaining.Remove(ready);
        }
        return new ServicePlan(order, deps.ToDictionary(p => p.Key, p => (IReadOnlyList<string>)p.Value.ToList(), StringComparer.Ordinal), warnings);
    }

    /// <summary>The implicit dependencies of a service.</summary>
    public static IEnumerable<string> Implicit(ServiceDefinition service)
    {
        if (service.Scope == ServiceScope.User)
        {
            yield return "docker";
        }
        if (service.Spec.LogDriver == "syslog")
        {
            yield return "syslog";
        }
    }

    private static bool Reaches(Dictionary<string, SortedSet<string>> deps, string from, string to)
    {
        var stack = new Stack<string>([from]);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        while (stack.Count > 0)
        {
            var n = stack.Pop();
            if (n == to)
            {
                return true;
            }
            if (seen.Add(n) && deps.TryGetValue(n, out var next))
            {
                foreach (var m in next)
                {
                    stack.Push(m);
                }
            }
        }
        return false;
    }

    private static List<string>? FindCycle(Dictionary<string, SortedSet<string>> deps)
    {
        var state = new Dictionary<string, int>(StringComparer.Ordinal);
        var path = new List<string>();
        List<string>? Visit(string n)
        {
            state[n] = 1;
            path.Add(n);
            foreach (var m in deps[n])
            {
                var s = state.GetValueOrDefault(m);
                if (s == 1)
                {
                    return [.. path.Skip(path.IndexOf(m)), m];
                }
                if (s == 0 && Visit(m) is { } found)
                {
                    return found;
                }
            }
            path.RemoveAt(path.Count - 1);
            state[n] = 2;
            return null;
        }
        foreach (var n in deps.Keys.Order(StringComparer.Ordinal))
        {
            if (state.GetValueOrDefault(n) == 0 && Visit(n) is { } cycle)
            {
                return cycle;
            }
        }
        return null;
    }
}
