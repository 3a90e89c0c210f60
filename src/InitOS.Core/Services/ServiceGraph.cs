namespace InitOS.Core.Services;

/// <summary>
/// Orders services by their dependencies (reference §6): explicit ones — the <c>after</c> label, links,
/// volumes_from, and the inverse <c>before</c> label — and implicit ones: a user-scope service waits for
/// <c>docker</c>, one logging to <c>syslog</c> waits for <c>syslog</c>. The rules, each with a warning:
/// <list type="bullet">
/// <item>a dependency on a service that is not defined, or on the service itself, is dropped;</item>
/// <item>services whose explicit dependencies form a cycle (a strongly connected group) are disabled — left out
/// of the plan and named in one warning per cycle — and a dependency of any other service on them is dropped,
/// so every other service still starts in order (issue 12);</item>
/// <item>an implicit dependency that would close a cycle is dropped.</item>
/// </list>
/// Nothing here recurses, so a long chain of services cannot exhaust the stack.
/// </summary>
public static class ServiceGraph
{
    /// <summary>
    /// Whether <paramref name="service"/> starts even when one of its dependencies failed or was skipped: the console
    /// does (its dependencies order it, they are not what it needs to let someone in), because a host always reaches a
    /// console. Every other service is skipped, as in RancherOS.
    /// </summary>
    public static bool StartsDespiteFailedDependency(string service) => service == Alternatives.Console.Service;

    /// <summary>Builds the plan for <paramref name="services"/>.</summary>
    public static ServicePlan Plan(IReadOnlyList<ServiceDefinition> services)
    {
        var byName = new Dictionary<string, ServiceDefinition>(StringComparer.Ordinal);
        foreach (var s in services)
        {
            byName[s.Name] = s;
        }
        var deps = byName.Keys.ToDictionary(n => n, _ => new SortedSet<string>(StringComparer.Ordinal), StringComparer.Ordinal);
        var warnings = new List<string>();

        foreach (var s in byName.Values)
        {
            foreach (var a in s.After)
            {
                AddExplicit(s.Name, a, $"Service '{s.Name}' starts after '{a}'", deps, warnings);
            }
            foreach (var b in s.Before)
            {
                AddExplicit(b, s.Name, $"Service '{s.Name}' starts before '{b}'", deps, warnings);
            }
        }

        var disabled = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var group in DependencyCycles.Find(deps))
        {
            var cycle = DependencyCycles.Example(group, deps);
            warnings.Add($"Services {string.Join(", ", group.Select(n => $"'{n}'"))} wait for each other in a cycle ({string.Join(" -> ", cycle)}), not starting them");
            disabled.UnionWith(group);
        }
        foreach (var name in disabled)
        {
            deps.Remove(name);
            byName.Remove(name);
        }
        foreach (var (name, wanted) in deps)
        {
            foreach (var gone in wanted.Where(disabled.Contains).ToList())
            {
                warnings.Add($"Service '{name}' starts after '{gone}', which is disabled by a dependency cycle, ignoring");
                wanted.Remove(gone);
            }
        }

        foreach (var s in byName.Values)
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

        return new ServicePlan(TopologicalOrder(byName, deps),
            deps.ToDictionary(p => p.Key, p => (IReadOnlyList<string>)p.Value.ToList(), StringComparer.Ordinal), warnings)
        {
            Disabled = [.. disabled],
        };
    }

    private static void AddExplicit(string service, string dependency, string what,
        Dictionary<string, SortedSet<string>> deps, List<string> warnings)
    {
        if (!deps.TryGetValue(service, out var set) || !deps.ContainsKey(dependency))
        {
            warnings.Add($"{what}, which is not defined, ignoring");
        }
        else if (dependency == service)
        {
            warnings.Add($"Service '{service}' waits for itself, ignoring");
        }
        else
        {
            set.Add(dependency);
        }
    }

    /// <summary>Kahn's algorithm, ready services by name: dependencies first, ties by name.</summary>
    private static List<ServiceDefinition> TopologicalOrder(Dictionary<string, ServiceDefinition> byName,
        Dictionary<string, SortedSet<string>> deps)
    {
        var waiting = deps.ToDictionary(p => p.Key, p => p.Value.Count, StringComparer.Ordinal);
        var dependants = deps.Keys.ToDictionary(n => n, _ => new List<string>(), StringComparer.Ordinal);
        foreach (var (name, wanted) in deps)
        {
            foreach (var d in wanted)
            {
                dependants[d].Add(name);
            }
        }
        var ready = new SortedSet<string>(waiting.Where(p => p.Value == 0).Select(p => p.Key), StringComparer.Ordinal);
        var order = new List<ServiceDefinition>(byName.Count);
        while (ready.Count > 0)
        {
            var next = ready.Min!;
            ready.Remove(next);
            order.Add(byName[next]);
            foreach (var d in dependants[next])
            {
                if (--waiting[d] == 0)
                {
                    ready.Add(d);
                }
            }
        }
        return order;
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
}
