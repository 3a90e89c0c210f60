namespace InitOS.Platform.Docker;

/// <summary>An <see cref="IProgress{T}"/> that reports on the caller's thread, as each message is read
/// (<see cref="Progress{T}"/> posts to the thread pool, so a late error could be missed).</summary>
internal sealed class SyncProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}
