namespace InitOS.TestKit;

/// <summary>
/// Waits for a fact about a real component (a dockerd, a child process, a socket, a kernel link) by asking it again
/// on the real clock until it holds or a deadline passes: the integration tiers' one poll. Unit tests never use it
/// (<see cref="WallClock"/> counts a call as a wall-clock read): what they wait for runs on a <see cref="FakeClock"/>.
/// </summary>
public static class Eventually
{
    private static readonly TimeSpan DefaultEvery = TimeSpan.FromMilliseconds(50);

    /// <summary>True as soon as <paramref name="fact"/> holds, asked every <paramref name="every"/> (default 50 ms);
    /// false when <paramref name="within"/> passed first.</summary>
    public static async Task<bool> HoldsAsync(Func<Task<bool>> fact, TimeSpan within, TimeSpan? every = null)
    {
        var clock = TimeProvider.System;
        var started = clock.GetTimestamp();
        while (!await fact())
        {
            if (clock.GetElapsedTime(started) > within)
            {
                return false;
            }
            await Task.Delay(every ?? DefaultEvery, clock);
        }
        return true;
    }

    /// <inheritdoc cref="HoldsAsync(Func{Task{bool}}, TimeSpan, TimeSpan?)"/>
    public static Task<bool> HoldsAsync(Func<bool> fact, TimeSpan within, TimeSpan? every = null) =>
        HoldsAsync(() => Task.FromResult(fact()), within, every);

    /// <summary>The same for a synchronous test: blocks its thread between the questions.</summary>
    public static bool Holds(Func<bool> fact, TimeSpan within, TimeSpan? every = null)
    {
        var clock = TimeProvider.System;
        var started = clock.GetTimestamp();
        while (!fact())
        {
            if (clock.GetElapsedTime(started) > within)
            {
                return false;
            }
            Thread.Sleep(every ?? DefaultEvery);
        }
        return true;
    }
}
