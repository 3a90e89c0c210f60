using System.Threading.Channels;
using Microsoft.Extensions.Time.Testing;

namespace InitOS.TestKit;

/// <summary>
/// The clock of every unit test: a <see cref="FakeTimeProvider"/> (time moves only when the test moves it) that also
/// records each wait the code under test asks for (every timer, <c>Task.Delay</c>, deadline and
/// <c>CancellationTokenSource</c> timeout made on it) and can let each wait pass as soon as it is asked for.
/// </summary>
public sealed class FakeClock : FakeTimeProvider
{
    private readonly object _waitsLock = new();
    private readonly object _advanceLock = new();
    private readonly List<TimeSpan> _waits = [];
    private readonly Channel<ClockWait> _asked = Channel.CreateUnbounded<ClockWait>();

    /// <summary>A clock that reads <see cref="Epoch"/> until it is advanced.</summary>
    public FakeClock()
        : base(Epoch)
    {
    }

    /// <summary>Where every fake clock starts: 2026-01-01T00:00:00Z.</summary>
    public static DateTimeOffset Epoch { get; } = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>
    /// When true, each wait ends as soon as it is asked for: the clock jumps to the wait's end (from the thread pool,
    /// so the caller is never re-entered) and fires whatever is due by then. Deadlines pass at once too, so use it for
    /// code that only sleeps between attempts (backoff); where a deadline races other work, step with
    /// <see cref="NextWaitAsync"/> and <see cref="FakeTimeProvider.Advance"/> instead.
    /// </summary>
    public bool SkipWaits { get; set; }

    /// <summary>Every finite wait asked for so far, in the order asked.</summary>
    public IReadOnlyList<TimeSpan> Waits
    {
        get
        {
            lock (_waitsLock)
            {
                return [.. _waits];
            }
        }
    }

    /// <summary>The next wait the code under test asks for (each one is handed out once, in order).</summary>
    public ValueTask<ClockWait> NextWaitAsync(CancellationToken cancellationToken = default) => _asked.Reader.ReadAsync(cancellationToken);

    /// <summary>
    /// Waits (without time passing) until the code under test asks for a wait of <paramref name="due"/>, passing over
    /// the others asked for before it, then moves the clock to that wait's end.
    /// </summary>
    public async Task AdvanceWhenAskedAsync(TimeSpan due, CancellationToken cancellationToken = default)
    {
        while (true)
        {
            var wait = await NextWaitAsync(cancellationToken);
            if (wait.Due == due)
            {
                AdvanceTo(wait.End);
                return;
            }
        }
    }

    /// <summary>Moves the clock to <paramref name="end"/> unless it is there already, firing the timers due by then.</summary>
    public void AdvanceTo(DateTimeOffset end)
    {
        lock (_advanceLock)
        {
            var now = GetUtcNow();
            if (end > now)
            {
                Advance(end - now);
            }
        }
    }

    /// <inheritdoc/>
    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new RecordingTimer(this, base.CreateTimer(callback, state, dueTime, period));
        Asked(dueTime);
        return timer;
    }

    private void Asked(TimeSpan due)
    {
        if (due == Timeout.InfiniteTimeSpan)
        {
            return;
        }
        var end = GetUtcNow() + due;
        lock (_waitsLock)
        {
            _waits.Add(due);
        }
        _ = _asked.Writer.TryWrite(new ClockWait(due, end));
        if (SkipWaits)
        {
            ThreadPool.QueueUserWorkItem(_ => AdvanceTo(end));
        }
    }

    /// <summary>The fake timer, with <see cref="Change"/> recorded as a new wait.</summary>
    private sealed class RecordingTimer(FakeClock clock, ITimer inner) : ITimer
    {
        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            var changed = inner.Change(dueTime, period);
            clock.Asked(dueTime);
            return changed;
        }

        public void Dispose() => inner.Dispose();

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }
}
