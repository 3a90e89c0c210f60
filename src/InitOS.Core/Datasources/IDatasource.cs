namespace InitOS.Core.Datasources;

/// <summary>A place user-data and meta-data may come from.</summary>
public interface IDatasource
{
    /// <summary>The name as configured (<c>ec2</c>, <c>configdrive:/media/config-2</c>).</summary>
    string Name { get; }

    /// <summary>
    /// One attempt to read the datasource. Never throws for an unreachable, absent or broken source; the
    /// outcome says which. Cancellation ends the attempt by throwing.
    /// </summary>
    Task<ProbeAttempt> TryFetchAsync(CancellationToken cancellationToken);
}
