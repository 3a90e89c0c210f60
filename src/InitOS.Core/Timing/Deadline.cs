namespace InitOS.Core.Timing;

/// <summary>
/// A bound on one wait, kept on a <see cref="TimeProvider"/>: its <see cref="Token"/> is cancelled when
/// <c>after</c> has passed on that clock or when the caller's token is. This replaces a linked
/// <see cref="CancellationTokenSource"/> with <c>CancelAfter</c>, whose timer always runs on the wall clock, so a
/// test with a fake clock can reach every timeout. Dispose it when the wait is over.
/// </summary>
public sealed class Deadline : IDisposable
{
    private readonly CancellationTokenSource _timer;
    private readonly CancellationTokenRegistration _outer;

    public Deadline(TimeSpan after, TimeProvider time, CancellationToken outer = default)
    {
        ArgumentNullException.ThrowIfNull(time);
        _timer = new CancellationTokenSource(after, time);
        if (outer.CanBeCanceled)
        {
            _outer = outer.UnsafeRegister(static s => ((CancellationTokenSource)s!).Cancel(), _timer);
        }
    }

    /// <summary>Cancelled at the deadline or with the caller's token.</summary>
    public CancellationToken Token => _timer.Token;

    public void Dispose()
    {
        _outer.Dispose();
        _timer.Dispose();
    }
}
