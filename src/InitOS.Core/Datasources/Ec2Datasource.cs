namespace InitOS.Core.Datasources;

/// <summary>
/// EC2 instance metadata (<c>ec2[:url]</c>, default <c>http://169.254.169.254/</c>): IMDSv2 first (PUT
/// <c>latest/api/token</c>, then every GET carries <c>X-aws-ec2-metadata-token</c>); a service that refuses the
/// token request (403/404/405) is read the v1 way, without a token.
/// </summary>
public sealed class Ec2Datasource : IDatasource
{
    /// <summary>The EC2 metadata service root.</summary>
    public const string DefaultUrl = "http://169.254.169.254/";

    private readonly Ports.IMetadataFetcher _fetcher;
    private readonly string _baseUrl;
    private readonly TimeSpan _requestTimeout;

    /// <summary>Creates the datasource; <paramref name="baseUrl"/> <c>null</c> means <see cref="DefaultUrl"/>.</summary>
    public Ec2Datasource(Ports.IMetadataFetcher fetcher, string? baseUrl, TimeSpan requestTimeout, string name = "ec2")
    {
        _fetcher = fetcher;
        _baseUrl = baseUrl ?? DefaultUrl;
        _requestTimeout = requestTimeout;
        Name = name;
    }

    /// <inheritdoc/>
    public string Name { get; }

    /// <inheritdoc/>
    public async Task<ProbeAttempt> TryFetchAsync(CancellationToken cancellationToken)
    {
        var client = new MetadataClient(_fetcher, _baseUrl, _requestTimeout);
        var token = await client.SendAsync("PUT", "latest/api/token", [new("X-aws-ec2-metadata-token-ttl-seconds", "21600")], cancellationToken).ConfigureAwait(false);
        if (!token.Answered || token.Status >= 500)
        {
            return client.NotUsable("EC2 token", token);
        }
        if (token.Ok)
        {
            client.AddHeader("X-aws-ec2-metadata-token", token.Text.Trim());
        }
        var probe = await client.GetAsync("latest/meta-data/instance-id", cancellationToken).ConfigureAwait(false);
        if (!probe.Ok)
        {
            return client.NotUsable("EC2 meta-data", probe);
        }
        var userData = await client.GetOptionalAsync("latest/user-data", cancellationToken).ConfigureAwait(false);
        var meta = "latest/meta-data/";
        var keys = await ReadIndexedKeysAsync(client, meta + "public-keys/", cancellationToken).ConfigureAwait(false);
        var instanceType = await client.GetOptionalTextAsync(meta + "instance-type", cancellationToken).ConfigureAwait(false);
        var hostname = await client.GetOptionalTextAsync(meta + "local-hostname", cancellationToken).ConfigureAwait(false)
            ?? await client.GetOptionalTextAsync(meta + "hostname", cancellationToken).ConfigureAwait(false);
        var metadata = new InstanceMetadata
        {
            InstanceId = probe.Text.Trim(),
            Hostname = hostname,
            SshPublicKeys = keys,
            PublicIPv4 = InstanceMetadata.NormalizeAddress(await client.GetOptionalTextAsync(meta + "public-ipv4", cancellationToken).ConfigureAwait(false)),
            PrivateIPv4 = InstanceMetadata.NormalizeAddress(await client.GetOptionalTextAsync(meta + "local-ipv4", cancellationToken).ConfigureAwait(false)),
            PublicIPv6 = InstanceMetadata.NormalizeAddress(FirstLine(await client.GetOptionalTextAsync(meta + "ipv6", cancellationToken).ConfigureAwait(false))),
            RootDisk = RootDiskFor(instanceType),
        };
        return ProbeAttempt.Found(new DatasourceResult(Name, userData, metadata));
    }

    /// <summary>
    /// Reads an EC2-style key listing (<c>0=my-key</c> lines, or <c>0/</c> as Aliyun writes them) and then
    /// each <c>&lt;index&gt;/openssh-key</c>. Keys are named by the listed name, else by index.
    /// </summary>
    internal static async Task<SortedDictionary<string, string>> ReadIndexedKeysAsync(MetadataClient client, string listing, CancellationToken cancellationToken)
    {
        var keys = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var text = await client.GetOptionalTextAsync(listing, cancellationToken).ConfigureAwait(false);
        if (text is null)
        {
            return keys;
        }
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var entry = line.TrimEnd('/');
            var eq = entry.IndexOf('=');
            var index = eq < 0 ? entry : entry[..eq];
            var name = eq < 0 ? entry : entry[(eq + 1)..];
            if (index.Length == 0 || !index.All(char.IsAsciiDigit))
            {
                throw new DatasourceFormatException($"Malformed public-keys listing line '{line}'");
            }
            var key = await client.GetOptionalTextAsync($"{listing}{index}/openssh-key", cancellationToken).ConfigureAwait(false);
            if (!string.IsNullOrEmpty(key))
            {
                keys[name.Length == 0 ? index : name] = key;
            }
        }
        return keys;
    }

    /// <summary>
    /// The root disk by instance family: Xen-era families boot from <c>/dev/xvda</c>, Nitro ones from
    /// <c>/dev/nvme0n1</c>; <c>null</c> when the type is unknown.
    /// </summary>
    public static string? RootDiskFor(string? instanceType)
    {
        if (string.IsNullOrEmpty(instanceType))
        {
            return null;
        }
        var family = instanceType.Split('.')[0].ToLowerInvariant();
        string[] xen = ["t1", "t2", "m1", "m2", "m3", "m4", "c1", "c3", "c4", "r3", "r4", "i2", "i3", "d2", "g2", "g3", "p2", "p3", "x1", "x1e", "f1", "h1", "cc2", "cr1", "hs1"];
        return xen.Contains(family) ? "/dev/xvda" : "/dev/nvme0n1";
    }

    private static string? FirstLine(string? text) => text?.Split('\n')[0];
}
