namespace InitOS.Core.Lifecycle;

/// <summary>A reason <c>ros install</c> will not write a disk.</summary>
/// <param name="Message">What is wrong, in one line, naming the device (no advice about <c>-f</c>; the command adds it).</param>
/// <param name="ForceOverrides">Whether <c>-f</c> lifts the refusal.</param>
public sealed record InstallRefusal(string Message, bool ForceOverrides);
