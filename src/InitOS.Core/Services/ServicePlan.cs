namespace InitOS.Core.Services;

/// <summary>The services to bring up, each with the services it waits for, in a valid start order.</summary>
/// <param name="Order">A topological order (dependencies first, ties by name).</param>
/// <param name="DependsOn">For each service, the services it waits for.</param>
/// <param name="Warnings">Dependencies that were dropped (unknown services, implicit cycles).</param>
public sealed record ServicePlan(
    IReadOnlyList<ServiceDefinition> Order,
    IReadOnlyDictionary<string, IReadOnlyList<string>> DependsOn,
    IReadOnlyList<string> Warnings);
