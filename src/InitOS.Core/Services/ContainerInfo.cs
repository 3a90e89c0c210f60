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
    /// <summary>True while it runs (or restarts).</summary>
    public bool IsRunning => State is "running" or "restarting";
}
