namespace InitOS.Core.Boot;

/// <summary>
/// Exponential restart backoff: <see cref="Initial"/> doubling up to <see cref="Max"/>. A run that
/// lasted at least <see cref="ResetAfter"/> counts as healthy and resets the attempt count.
/// </summary>
/// <param name="Initial">First delay.</param>
/// <param name="Max">Largest delay.</param>
/// <param name="ResetAfter">Uptime after which the next failure starts again from <see cref="Initial"/>.</param>
public sealed record Backoff(TimeSpan Initial, TimeSpan Max, TimeSpan ResetAfter)
{
    /// <summary>The system engine's policy: 250 ms doubling to 10 s, reset after a minute of uptime.</summary>
    public static Backoff Engine { get; } = new(TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(10), TimeSpan.FromMinutes(1));

    /// <summary>The console's children (gettys, sshd): 1 s doubling to 30 s; a run of 10 s is healthy.</summary>
    public static Backoff Console { get; } = new(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(10));

    /// <summary>
    /// After a child ended: the new attempt number and how long to wait before starting it again. A healthy run
    /// (at least <see cref="ResetAfter"/>, a getty after a logout) restarts at once; a fast death waits
    /// <see cref="Delay"/>, growing with each fast death in a row.
    /// </summary>
    public (int Attempt, TimeSpan Delay) AfterExit(int previousAttempt, TimeSpan uptime)
    {
        var attempt = NextAttempt(previousAttempt, uptime);
        return (attempt, uptime >= ResetAfter ? TimeSpan.Zero : Delay(attempt));
    }

    /// <summary>The delay before restart number <paramref name="attempt"/> (1-based).</summary>
    public TimeSpan Delay(int attempt)
    {
        if (attempt <= 1)
        {
            return Initial;
        }
        var ticks = Initial.Ticks;
        for (var i = 1; i < attempt && ticks < Max.Ticks; i++)
        {
            ticks *= 2;
        }
        return TimeSpan.FromTicks(Math.Min(ticks, Max.Ticks));
    }

    /// <summary>The attempt number after a run of <paramref name="uptime"/> that ended in failure.</summary>
    public int NextAttempt(int previousAttempt, TimeSpan uptime) => uptime >= ResetAfter ? 1 : previousAttempt + 1;
}
