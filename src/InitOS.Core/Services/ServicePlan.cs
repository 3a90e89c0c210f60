namespace InitOS.Core.Services;

/// <summary>The services to bring up, each with the services it waits for, in a valid start order.</summary>
/// <param name="Order">A topological order (dependencies first, ties by name).</param>
/// <param name="DependsOn">For each service, the services it waits for.</param>
/// <param name="Warnings">Dependencies that were dropped (unknown services, implicit cycles) and the
/// services disabled by an explicit cycle, one warning per cycle.</param>
public sealed record ServicePlan(
    IReadOnlyList<ServiceDefinition> Order,
    IReadOnlyDictionary<string, IReadOnlyList<string>> DependsOn,
    IReadOnlyList<string> Warnings)
{
    /// <summary>Services left out of <see cref="Order"/> because their explicit dependencies form a cycle,
    /// by name.</summary>
    public IReadOnlyList<string> Disabled { get; init; } = [];
}
