namespace InitOS.TestKit;

/// <summary>
/// The one real-time bound tests await with (<c>task.WaitAsync(HangGuard.Limit)</c>): it turns a bug that would hang
/// the run into a failure. Generous on purpose; it is never an expectation about how long something takes, and
/// what the code under test waits for runs on a <see cref="FakeClock"/>.
/// </summary>
public static class HangGuard
{
    /// <summary>One minute.</summary>
    public static readonly TimeSpan Limit = TimeSpan.FromMinutes(1);
}
