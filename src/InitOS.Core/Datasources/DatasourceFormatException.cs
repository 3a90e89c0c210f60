namespace InitOS.Core.Datasources;

/// <summary>A datasource answered with something that cannot be used (malformed JSON, a failing follow-up request).</summary>
public sealed class DatasourceFormatException : Exception
{
    /// <summary>Creates the exception with a description of what was wrong.</summary>
    public DatasourceFormatException(string message, Exception? inner = null)
        : base(message, inner)
    {
    }
}
