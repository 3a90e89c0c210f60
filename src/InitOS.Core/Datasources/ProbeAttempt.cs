namespace InitOS.Core.Datasources;

/// <summary>The outcome of one attempt at a datasource.</summary>
/// <param name="State">What happened.</param>
/// <param name="Result">The data when <see cref="State"/> is <see cref="ProbeState.Found"/>.</param>
/// <param name="Reason">Why it is not found (for the boot log).</param>
public sealed record ProbeAttempt(ProbeState State, DatasourceResult? Result, string? Reason)
{
    /// <summary>Data was read.</summary>
    public static ProbeAttempt Found(DatasourceResult result) => new(ProbeState.Found, result, null);

    /// <summary>Definitely not this source.</summary>
    public static ProbeAttempt Absent(string reason) => new(ProbeState.Absent, null, reason);

    /// <summary>No answer yet.</summary>
    public static ProbeAttempt Retry(string reason) => new(ProbeState.Retry, null, reason);

    /// <summary>Answered, but unusable.</summary>
    public static ProbeAttempt Failed(string reason) => new(ProbeState.Failed, null, reason);
}
