namespace InitOS.Core.Datasources;

/// <summary>A datasource stopped answering part-way through a read (reset, timed out, 5xx): worth another attempt.</summary>
public sealed class DatasourceUnavailableException : Exception
{
    /// <summary>Creates the exception with what did not answer.</summary>
    public DatasourceUnavailableException(string message)
        : base(message)
    {
    }
}
