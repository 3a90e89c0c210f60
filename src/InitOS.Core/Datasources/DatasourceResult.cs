namespace InitOS.Core.Datasources;

/// <summary>What a datasource provided.</summary>
/// <param name="Source">The datasource name as configured.</param>
/// <param name="UserData">Raw user-data bytes (maybe gzip or MIME); <c>null</c> when the source has none.</param>
/// <param name="Metadata">Instance meta-data, in RancherOS's shape.</param>
public sealed record DatasourceResult(string Source, byte[]? UserData, InstanceMetadata Metadata);
