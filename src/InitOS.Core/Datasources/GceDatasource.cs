using System.Text.Json;

namespace InitOS.Core.Datasources;

/// <summary>
/// Google Compute Engine (<c>gce[:url]</c>, default <c>http://metadata.google.internal/computeMetadata/v1/</c>):
/// every request carries <c>Metadata-Flavor: Google</c> and an answer without that header is not GCE.
/// Reads <c>instance/?recursive=true</c> and <c>project/?recursive=true</c>; SSH keys come from
/// <c>ssh-keys</c> (<c>user:key</c> lines) of the instance and, unless <c>block-project-ssh-keys</c> is true,
/// of the project.
/// </summary>
public sealed class GceDatasource : IDatasource
{
    /// <summary>The GCE metadata root.</summary>
    public const string DefaultUrl = "http://metadata.google.internal/computeMetadata/v1/";

    private readonly Ports.IMetadataFetcher _fetcher;
    private readonly string _baseUrl;
    private readonly TimeSpan _requestTimeout;

    /// <summary>Creates the datasource.</summary>
    public GceDatasource(Ports.IMetadataFetcher fetcher, string? baseUrl, TimeSpan requestTimeout, string name = "gce")
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
        var client = new MetadataClient(_fetcher, _baseUrl, _requestTimeout, new KeyValuePair<string, string>("Metadata-Flavor", "Google"));
        var instance = await client.GetAsync("instance/?recursive=true", cancellationToken).ConfigureAwait(false);
        if (!instance.Ok)
        {
            return client.NotUsable("GCE instance metadata", instance);
        }
        if (instance.Headers.GetValueOrDefault("metadata-flavor") != "Google")
        {
            return ProbeAttempt.Absent($"'{client.BaseUrl}' answered without 'Metadata-Flavor: Google'");
        }
        var project = await client.GetOptionalAsync("project/?recursive=true", cancellationToken).ConfigureAwait(false);
        return ProbeAttempt.Found(Parse(Name, instance.Body, project));
    }

    /// <summary>Builds the result from the recursive instance and project documents.</summary>
    public static DatasourceResult Parse(string name, byte[] instanceJson, byte[]? projectJson)
    {
        using var instance = JsonMetadata.Parse(instanceJson, "GCE instance metadata");
        var root = instance.RootElement;
        var keys = new SortedDictionary<string, string>(StringComparer.Ordinal);
        AddKeys(keys, JsonMetadata.String(root, "attributes", "ssh-keys"));
        AddKeys(keys, JsonMetadata.String(root, "attributes", "sshKeys"));
        var block = JsonMetadata.String(root, "attributes", "block-project-ssh-keys");
        if (projectJson is not null && !string.Equals(block, "true", StringComparison.OrdinalIgnoreCase))
        {
            using var project = JsonMetadata.Parse(projectJson, "GCE project metadata");
            AddKeys(keys, JsonMetadata.String(project.RootElement, "attributes", "ssh-keys"));
            AddKeys(keys, JsonMetadata.String(project.RootElement, "attributes", "sshKeys"));
        }
        var userData = JsonMetadata.String(root, "attributes", "user-data");
        var metadata = new InstanceMetadata
        {
            InstanceId = JsonMetadata.String(root, "id"),
            Hostname = JsonMetadata.String(root, "hostname"),
            SshPublicKeys = keys,
            PrivateIPv4 = InstanceMetadata.NormalizeAddress(JsonMetadata.String(root, "networkInterfaces", 0, "ip")),
            PublicIPv4 = InstanceMetadata.NormalizeAddress(JsonMetadata.String(root, "networkInterfaces", 0, "accessConfigs", 0, "externalIp")),
        };
        return new DatasourceResult(name, userData is null ? null : System.Text.Encoding.UTF8.GetBytes(userData), metadata);
    }

    private static void AddKeys(SortedDictionary<string, string> keys, string? lines)
    {
        if (lines is null)
        {
            return;
        }
        foreach (var line in lines.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var colon = line.IndexOf(':');
            // "user:ssh-rsa AAAA… comment"; a key type never contains a colon before its first space.
            var key = colon > 0 && colon < line.IndexOf(' ') ? line[(colon + 1)..].Trim() : line;
            if (key.Length > 0 && !keys.ContainsValue(key))
            {
                keys[keys.Count.ToString(System.Globalization.CultureInfo.InvariantCulture)] = key;
            }
        }
    }
}
