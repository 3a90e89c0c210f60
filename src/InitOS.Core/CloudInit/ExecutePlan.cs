namespace InitOS.Core.CloudInit;

/// <summary>What cloud-init-execute will do, and what it will not.</summary>
/// <param name="Steps">The effects, in order.</param>
/// <param name="Unapplied">Config keys present but not applied by InitOS, by name and with the reason.</param>
/// <param name="Problems">Entries that are applied only partly or not at all because they are invalid.</param>
public sealed record ExecutePlan(IReadOnlyList<ExecuteStep> Steps, IReadOnlyList<string> Unapplied, IReadOnlyList<string> Problems);
