namespace InitOS.Core.Datasources;

/// <summary>The result of probing every configured datasource.</summary>
/// <param name="Chosen">The picked datasource's data; <c>null</c> when none was found.</param>
/// <param name="Reports">One report per datasource, in configured order.</param>
/// <param name="Elapsed">Wall time of the round.</param>
public sealed record ProbeOutcome(DatasourceResult? Chosen, IReadOnlyList<ProbeReport> Reports, TimeSpan Elapsed);
