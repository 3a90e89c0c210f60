namespace InitOS.Core.Services;

/// <summary>One service of <c>rancher.services</c>, parsed: the container it becomes and how it is ordered.</summary>
/// <param name="Name">The map key (also the container name).</param>
/// <param name="Spec">The container (labels include the orchestrator's project/service labels, not the hash).</param>
/// <param name="Scope">Which engine runs it.</param>
/// <param name="After">Explicit dependencies (<c>after</c> label, links, volumes_from).</param>
/// <param name="Before">Services that must start after this one.</param>
/// <param name="Detach">False for one-shots that must exit before dependants start.</param>
/// <param name="CreateOnly">Create, never start.</param>
/// <param name="ReloadConfig">Reload the config once it is up.</param>
/// <param name="Rebuild">The rebuild label (<c>always</c>, <c>false</c>) or null.</param>
public sealed record ServiceDefinition(
    string Name,
    ContainerSpec Spec,
    ServiceScope Scope,
    IReadOnlyList<string> After,
    IReadOnlyList<string> Before,
    bool Detach,
    bool CreateOnly,
    bool ReloadConfig,
    string? Rebuild);
