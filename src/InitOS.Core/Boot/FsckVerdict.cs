namespace InitOS.Core.Boot;

/// <summary>The outcome of the state filesystem check.</summary>
/// <param name="Mount">True when the filesystem may be mounted.</param>
/// <param name="Level">How loudly to log <paramref name="Message"/>.</param>
/// <param name="Message">The log line.</param>
public sealed record FsckVerdict(bool Mount, SyslogLevel Level, string Message);
