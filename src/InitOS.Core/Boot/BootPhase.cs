namespace InitOS.Core.Boot;

/// <summary>A phase of the <see cref="BootPlan"/>: a noun (<c>early</c>, <c>state</c>, <c>system</c>) and its steps,
/// listed in the order they are written up (steps whose needs are met run together; see <see cref="BootSchedule"/>).
/// A phase starts only when the one before it has finished.</summary>
/// <param name="Name">The phase.</param>
/// <param name="Steps">Its steps.</param>
public sealed record BootPhase(string Name, IReadOnlyList<PlannedStep> Steps);
