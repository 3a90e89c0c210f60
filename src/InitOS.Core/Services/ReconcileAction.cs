namespace InitOS.Core.Services;

/// <summary>What to do with a service's container at boot.</summary>
public enum ReconcileAction
{
    /// <summary>No container yet: create it.</summary>
    Create,
    /// <summary>The existing container matches: keep it (start it if it should run).</summary>
    Keep,
    /// <summary>Remove the existing container and create it anew.</summary>
    Recreate,
    /// <summary>The definition changed but the rebuild label is <c>false</c>: keep it and warn.</summary>
    KeepStale,
}
