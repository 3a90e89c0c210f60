namespace InitOS.Core.Datasources;

/// <summary>One entry of <c>rancher.cloud_init.datasources</c>: <c>name[:arg]</c>.</summary>
/// <param name="Name">Datasource name, lower-case (<c>ec2</c>, <c>configdrive</c>, <c>url</c> …).</param>
/// <param name="Argument">Everything after the first colon; <c>null</c> when there is none or it is empty.</param>
public sealed record DatasourceSpec(string Name, string? Argument)
{
    /// <summary>The spec as written in the config.</summary>
    public override string ToString() => Argument is null ? Name : $"{Name}:{Argument}";
}
