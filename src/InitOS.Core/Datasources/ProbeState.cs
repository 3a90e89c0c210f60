namespace InitOS.Core.Datasources;

/// <summary>What one attempt at a datasource found.</summary>
public enum ProbeState
{
    /// <summary>The datasource answered; the result holds its data.</summary>
    Found,

    /// <summary>This is not the place (no such volume, the service says 404): no point in retrying.</summary>
    Absent,

    /// <summary>No answer yet (network not up, refused, timed out, 5xx): worth another attempt.</summary>
    Retry,

    /// <summary>It answered with something unusable (malformed JSON …): not retried.</summary>
    Failed,
}
