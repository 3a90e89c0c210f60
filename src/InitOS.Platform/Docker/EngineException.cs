using System.Net;

namespace InitOS.Platform.Docker;

/// <summary>A Docker Engine API call failed; names the operation and carries the HTTP status.</summary>
public sealed class EngineException : Exception
{
    /// <summary>Creates the exception.</summary>
    public EngineException(string operation, HttpStatusCode? status, string message, Exception? inner = null)
        : base($"Engine call '{operation}' failed{(status is { } s ? $" ({(int)s})" : "")}: {message}", inner)
    {
        Operation = operation;
        Status = status;
    }

    /// <summary>The operation (<c>create nginx</c>).</summary>
    public string Operation { get; }

    /// <summary>The HTTP status, when the engine answered.</summary>
    public HttpStatusCode? Status { get; }
}
