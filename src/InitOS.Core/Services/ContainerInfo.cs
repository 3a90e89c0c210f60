namespace InitOS.Core.Services;

/// <summary>An existing container as the engine reports it.</summary>
/// <param name="Id">Container id.</param>
/// <param name="Name">Name without the leading slash.</param>
/// <param name="Image">Image reference it was created from.</param>
/// <param name="State"><c>created</c>, <c>running</c>, <c>exited</c>, …</param>
/// <param name="ExitCode">Exit code of the last run (0 while running).</param>
/// <param name="Labels">Its labels.</param>
public sealed record ContainerInfo(string Id, string Name, string Image, string State, long ExitCode, IReadOnlyDictionary<string, string> Labels)
{
    /// <summary>How many times the engine restarted it (its restart policy).</summary>
    public long RestartCount { get; init; }

    /// <summary>When its current (or last) run started; null when unknown.</summary>
    public DateTimeOffset? StartedAt { get; init; }

    /// <summary>The engine's error for its last start (<c>exec: "x": executable file not found</c>), or empty.</summary>
    public string Error { get; init; } = "";

    /// <summary>True when its last run was killed by the out-of-memory killer.</summary>
    public bool OomKilled { get; init; }

    /// <summary>True while it runs (or restarts).</summary>
    public bool IsRunning => State is "running" or "restarting";
}
