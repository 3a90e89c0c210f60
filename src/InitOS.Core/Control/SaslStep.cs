namespace InitOS.Core.Control;

/// <summary>What <see cref="SaslServer.Feed"/> made of a chunk of input.</summary>
/// <param name="Replies">The lines to send to the client, in order, each without its <c>\r\n</c>.</param>
/// <param name="Outcome">Whether the exchange goes on, succeeded or failed.</param>
/// <param name="Consumed">
/// How many bytes of the chunk belonged to the exchange; on <see cref="SaslOutcome.Authenticated"/> the rest of the
/// chunk is the start of the D-Bus message stream (clients pipeline <c>Hello</c> right after <c>BEGIN</c>).
/// </param>
/// <param name="Failure">Why the exchange failed (for the log), or null.</param>
public sealed record SaslStep(IReadOnlyList<string> Replies, SaslOutcome Outcome, int Consumed, string? Failure = null);
