namespace InitOS.Core.Datasources;

/// <summary>How one datasource fared in a probe round.</summary>
/// <param name="Name">The datasource name.</param>
/// <param name="State">Its last state; <see cref="ProbeState.Retry"/> when it never answered within the window.</param>
/// <param name="Reason">Why it was not found (last attempt's reason), <c>null</c> when found.</param>
/// <param name="Attempts">How many attempts were made.</param>
/// <param name="Elapsed">Time from the start of the round to its last outcome.</param>
/// <param name="Result">Its data when found.</param>
public sealed record ProbeReport(string Name, ProbeState State, string? Reason, int Attempts, TimeSpan Elapsed, DatasourceResult? Result);
