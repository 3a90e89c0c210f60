namespace InitOS.Ros;

/// <summary>A <c>ros</c> command failed in an expected way; the message is for the user.</summary>
public sealed class RosException : Exception
{
    /// <summary>Creates the exception.</summary>
    public RosException(string message, int exitCode = 1) : base(message)
    {
        ExitCode = exitCode;
    }

    /// <summary>The exit status to return.</summary>
    public int ExitCode { get; }
}
