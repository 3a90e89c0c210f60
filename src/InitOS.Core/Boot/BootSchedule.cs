namespace InitOS.Core.Boot;

/// <summary>
/// The decisions over a <see cref="BootPlan"/>, pure: whether a plan is well formed, and which steps of a phase may
/// start now given the ones that finished and the ones still running.
/// </summary>
public static class BootSchedule
{
    /// <summary>
    /// The problems of <paramref name="plan"/>, one line each; empty when it can run. A plan is rejected for an
    /// empty or duplicate phase or step name, a need naming no step, a need on the step itself or on a step of a
    /// later phase (it would never be done), and a cycle of needs inside a phase.
    /// </summary>
    public static IReadOnlyList<string> Validate(BootPlan plan)
    {
        var problems = new List<string>();
        var phaseOf = new Dictionary<string, int>(StringComparer.Ordinal);
        var phases = new HashSet<string>(StringComparer.Ordinal);
        for (var p = 0; p < plan.Phases.Count; p++)
        {
            var phase = plan.Phases[p];
            if (string.IsNullOrWhiteSpace(phase.Name))
            {
                problems.Add($"phase {p + 1} has no name");
            }
            else if (!phases.Add(phase.Name))
            {
                problems.Add($"phase '{phase.Name}' is listed twice");
            }
            foreach (var step in phase.Steps)
            {
                if (string.IsNullOrWhiteSpace(step.Name))
                {
                    problems.Add($"a step of phase '{phase.Name}' has no name");
                }
                else if (!phaseOf.TryAdd(step.Name, p))
                {
                    problems.Add($"step '{step.Name}' is listed twice");
                }
            }
        }
        for (var p = 0; p < plan.Phases.Count; p++)
        {
            foreach (var step in plan.Phases[p].Steps)
            {
                foreach (var need in step.Needs)
                {
                    if (need == step.Name)
                    {
                        problems.Add($"step '{step.Name}' needs itself");
                    }
                    else if (!phaseOf.TryGetValue(need, out var needPhase))
                    {
                        problems.Add($"step '{step.Name}' needs '{need}', which is no step of the plan");
                    }
                    else if (needPhase > p)
                    {
                        problems.Add($"step '{step.Name}' of phase '{plan.Phases[p].Name}' needs '{need}' of the later phase '{plan.Phases[needPhase].Name}'");
                    }
                }
            }
            if (Cycle(plan.Phases[p]) is { Count: > 0 } cycle)
            {
                problems.Add($"phase '{plan.Phases[p].Name}' has steps that wait on a cycle of needs: {string.Join(", ", cycle)}");
            }
        }
        return problems;
    }

    /// <summary>
    /// The steps of <paramref name="phase"/> that may start now, in the phase's order: not finished, not running,
    /// and every need of the same phase finished. A finished need counts as done when it is Ok or Degraded (a
    /// best-effort step that failed is degraded; the boot goes on without its work); a required step that failed
    /// stops the phase, and then nothing may start. Needs outside the phase belong to earlier phases, which have
    /// finished before this one starts.
    /// </summary>
    /// <param name="phase">The phase being run.</param>
    /// <param name="finished">The steps of the phase that ended, with their result.</param>
    /// <param name="running">The steps of the phase started and not ended yet.</param>
    public static IReadOnlyList<PlannedStep> Ready(BootPhase phase, IReadOnlyDictionary<string, StepResult> finished, IReadOnlySet<string> running)
    {
        var kinds = phase.Steps.ToDictionary(s => s.Name, s => s.Kind, StringComparer.Ordinal);
        if (finished.Any(f => f.Value == StepResult.Failed && kinds.GetValueOrDefault(f.Key, StepKind.Required) == StepKind.Required))
        {
            return [];
        }
        bool Done(string need) =>
            !kinds.ContainsKey(need) || finished.ContainsKey(need);
        return phase.Steps
            .Where(s => !finished.ContainsKey(s.Name) && !running.Contains(s.Name) && s.Needs.All(Done))
            .ToList();
    }

    /// <summary>The steps of <paramref name="phase"/> in or behind a cycle of same-phase needs (empty when none), in phase order.</summary>
    private static List<string> Cycle(BootPhase phase)
    {
        var names = phase.Steps.Select(s => s.Name).ToHashSet(StringComparer.Ordinal);
        var left = phase.Steps
            .GroupBy(s => s.Name, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First().Needs.Where(n => names.Contains(n) && n != g.Key).ToHashSet(StringComparer.Ordinal), StringComparer.Ordinal);
        // Kahn: take away every step whose needs are all taken; what cannot be taken waits on a cycle
        bool progress;
        do
        {
            progress = false;
            foreach (var (name, needs) in left.ToList())
            {
                if (needs.All(n => !left.ContainsKey(n)))
                {
                    left.Remove(name);
                    progress = true;
                }
            }
        }
        while (progress);
        return phase.Steps.Select(s => s.Name).Where(left.ContainsKey).Distinct(StringComparer.Ordinal).ToList();
    }
}
