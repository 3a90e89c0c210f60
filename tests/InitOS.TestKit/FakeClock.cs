using System.Threading.Channels;
using Microsoft.Extensions.Time.Testing;

namespace InitOS.TestKit;

/// <summary>
/// The clock of every unit test: a <see cref="FakeTimeProvider"/> (time moves only when the test moves it) that
/// records each wait the code under test asks for (every timer, <c>Task.Delay</c>, deadline and
/// <c>CancellationTokenSource</c> timeout made on it), moves through time the way real time does (stopping at each
/// timer on the way, so a timer started by another's callback is due from then), and can let each wait pass as soon
/// as it is asked for.
/// </summary>
public sealed class FakeClock : FakeTimeProvider
{
    private readonly object _waitsLock = new();
    private readonly object _advanceLock = new();
    private readonly List<TimeSpan> _waits = [];
    private readonly List<RecordingTimer> _timers = [];
    private readonly Channel<ClockWait> _asked = Channel.CreateUnbounded<ClockWait>();

    /// <summary>A clock that reads <see cref="Epoch"/> until it is advanced.</summary>
    public FakeClock()
        : base(Epoch)
    {
    }

    /// <summary>Where every fake clock starts: 2026-01-01T00:00:00Z.</summary>
    public static DateTimeOffset Epoch { get; } = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>
    /// When true, each wait ends as soon as it is asked for: the clock moves to the wait's end (from the thread pool,
    /// so the caller is never re-entered) and fires whatever is due by then. Deadlines pass at once too, so use it for
    /// code that only sleeps between attempts (backoff); where a deadline races other work, step with
    /// <see cref="NextWaitAsync"/> and <see cref="Advance"/> instead.
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
    /// Waits (without time passing) until the code under test has asked for a wait of <paramref name="due"/>
    /// <paramref name="times"/> times in all: the point where concurrent loops all sleep and the clock may move.
    /// </summary>
    public async Task WhenAskedAsync(TimeSpan due, int times, CancellationToken cancellationToken = default)
    {
        while (Waits.Count(w => w == due) < times)
        {
            _ = await NextWaitAsync(cancellationToken);
        }
    }

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

    /// <summary>
    /// Lets <paramref name="delta"/> pass as real time would: the clock stops at each timer due on the way and fires
    /// it, so what its callback runs inline (the next attempt, the next backoff) sees the time it fired at.
    /// (<see cref="FakeTimeProvider.Advance"/> moves to the end first and fires the due timers there.)
    /// </summary>
    public new void Advance(TimeSpan delta) => AdvanceTo(GetUtcNow() + delta);

    /// <summary>Moves the clock to <paramref name="end"/> unless it is there already, stopping at each timer on the way.</summary>
    public void AdvanceTo(DateTimeOffset end)
    {
        lock (_advanceLock)
        {
            while (true)
            {
                var now = GetUtcNow();
                DateTimeOffset? next;
                lock (_waitsLock)
                {
                    next = _timers.Select(t => t.End).Where(e => e > now && e <= end).Min();
                }
                if (next is not { } stop)
                {
                    break;
                }
                base.Advance(stop - now);
            }
            var rest = end - GetUtcNow();
            if (rest > TimeSpan.Zero)
            {
                base.Advance(rest);
            }
        }
    }

    /// <inheritdoc/>
    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new RecordingTimer(this, period);
        timer.Inner = base.CreateTimer(s =>
        {
            timer.Fired();
            callback(s);
        }, state, dueTime, period);
        lock (_waitsLock)
        {
            _timers.Add(timer);
        }
        timer.Schedule(dueTime);
        return timer;
    }

    private void Asked(TimeSpan due, DateTimeOffset end)
    {
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

    /// <summary>The fake timer, with its next due time kept for <see cref="AdvanceTo"/> and each change recorded as a wait.</summary>
    private sealed class RecordingTimer(FakeClock clock, TimeSpan period) : ITimer
    {
        private TimeSpan _period = period;

        public ITimer Inner { get; set; } = null!;

        /// <summary>When it fires next; null when it is not scheduled.</summary>
        public DateTimeOffset? End { get; private set; }

        public void Schedule(TimeSpan due)
        {
            if (due == Timeout.InfiniteTimeSpan)
            {
                End = null;
                return;
            }
            var end = clock.GetUtcNow() + due;
            End = end;
            clock.Asked(due, end);
        }

        public void Fired() => End = _period is var p && p != Timeout.InfiniteTimeSpan && p > TimeSpan.Zero ? End + p : null;

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            _period = period;
            var changed = Inner.Change(dueTime, period);
            Schedule(dueTime);
            return changed;
        }

        public void Dispose()
        {
            End = null;
            Inner.Dispose();
            clock.Forget(this);
        }

        public ValueTask DisposeAsync()
        {
            End = null;
            clock.Forget(this);
            return Inner.DisposeAsync();
        }
    }

    private void Forget(RecordingTimer timer)
    {
        lock (_waitsLock)
        {
            _ = _timers.Remove(timer);
        }
    }
}
