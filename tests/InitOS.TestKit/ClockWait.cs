namespace InitOS.TestKit;

/// <summary>A wait asked of a <see cref="FakeClock"/>: how long, and the clock reading at which it ends.</summary>
/// <param name="Due">The time asked for.</param>
/// <param name="End">When it ends on the fake clock.</param>
public readonly record struct ClockWait(TimeSpan Due, DateTimeOffset End);
