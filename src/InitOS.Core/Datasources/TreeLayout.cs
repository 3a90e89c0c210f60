namespace InitOS.Core.Datasources;

/// <summary>Field names of an EC2-like text metadata tree.</summary>
/// <param name="ProbeField">The field whose presence says "this is the service".</param>
/// <param name="HostnameField">Host name field.</param>
/// <param name="PublicIPv4Field">Public address field, if any.</param>
/// <param name="PrivateIPv4Field">Private address field, if any.</param>
/// <param name="IndexedKeys">True for an EC2-style <c>public-keys/</c> listing, false for one key per line.</param>
public sealed record TreeLayout(string ProbeField, string HostnameField, string? PublicIPv4Field, string? PrivateIPv4Field, bool IndexedKeys)
{
    /// <summary>Exoscale: <c>http://169.254.169.254/1.0/</c>.</summary>
    public static TreeLayout Exoscale { get; } = new("instance-id", "local-hostname", "public-ipv4", null, false);

    /// <summary>Aliyun: <c>http://100.100.100.200/2016-01-01/</c>.</summary>
    public static TreeLayout Aliyun { get; } = new("instance-id", "hostname", "eipv4", "private-ipv4", true);

    /// <summary>CloudStack: <c>http://&lt;server&gt;/latest/</c>.</summary>
    public static TreeLayout CloudStack { get; } = new("instance-id", "local-hostname", "public-ipv4", "local-ipv4", false);
}
