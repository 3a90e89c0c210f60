using InitOS.Core.Config;
using InitOS.Core.Ports;

namespace InitOS.Core.Datasources;

/// <summary>
/// A NoCloud seed (<c>nocloud[:source]</c>, <c>cidata[:source]</c>, <c>proxmox[:source]</c>): files
/// <c>user-data</c>, <c>meta-data</c> and <c>network-config</c> read from a directory, a block device, an
/// <c>http(s)://</c> seed URL, or — without a source (and for <c>proxmox</c> when <c>/dev/sr0</c> has none) —
/// the volume labelled <c>cidata</c>.
/// </summary>
public sealed class NoCloudDatasource : IDatasource
{
    /// <summary>The filesystem label of a NoCloud volume.</summary>
    public const string Label = "cidata";

    private static readonly string[] Files = ["user-data", "meta-data", "network-config"];
    private readonly IConfigVolumes _volumes;
    private readonly Ports.IMetadataFetcher _fetcher;
    private readonly string? _source;
    private readonly TimeSpan _requestTimeout;

    /// <summary>Creates the datasource.</summary>
    public NoCloudDatasource(IConfigVolumes volumes, Ports.IMetadataFetcher fetcher, string? source, TimeSpan requestTimeout, string name)
    {
        _volumes = volumes;
        _fetcher = fetcher;
        _source = source;
        _requestTimeout = requestTimeout;
        Name = name;
    }

    /// <inheritdoc/>
    public string Name { get; }

    /// <inheritdoc/>
    public async Task<ProbeAttempt> TryFetchAsync(CancellationToken cancellationToken)
    {
        IReadOnlyDictionary<string, byte[]> files;
        string from;
        if (_source is not null && (_source.StartsWith("http://", StringComparison.Ordinal) || _source.StartsWith("https://", StringComparison.Ordinal)))
        {
            var client = new MetadataClient(_fetcher, _source, _requestTimeout);
            var meta = await client.GetAsync("meta-data", cancellationToken).ConfigureAwait(false);
            if (!meta.Ok)
            {
                return client.NotUsable("NoCloud meta-data", meta);
            }
            var found = new Dictionary<string, byte[]> { ["meta-data"] = meta.Body };
            foreach (var name in (string[])["user-data", "network-config"])
            {
                if (await client.GetOptionalAsync(name, cancellationToken).ConfigureAwait(false) is { } body)
                {
                    found[name] = body;
                }
            }
            files = found;
            from = _source;
        }
        else
        {
            files = _source is null ? new Dictionary<string, byte[]>() : _volumes.ReadFiles(_source, Files);
            from = _source ?? "";
            if (!files.ContainsKey("meta-data") && !files.ContainsKey("user-data"))
            {
                var device = _volumes.FindDeviceByLabel(Label);
                if (device is null)
                {
                    return ProbeAttempt.Absent(_source is null
                        ? $"No volume labelled '{Label}'"
                        : $"No NoCloud seed at '{_source}' and no volume labelled '{Label}'");
                }
                files = _volumes.ReadFiles(device, Files);
                from = device;
            }
        }
        if (!files.ContainsKey("meta-data") && !files.ContainsKey("user-data"))
        {
            return ProbeAttempt.Failed($"NoCloud seed '{from}' has neither meta-data nor user-data");
        }
        var metadata = ParseMetaData(files.GetValueOrDefault("meta-data"), from);
        if (files.TryGetValue("network-config", out var network))
        {
            metadata = metadata with { Network = ParseNetworkConfig(network, from) };
        }
        return ProbeAttempt.Found(new DatasourceResult(Name, files.GetValueOrDefault("user-data"), metadata));
    }

    /// <summary>
    /// Parses NoCloud <c>meta-data</c> (YAML or JSON): <c>instance-id</c>, <c>local-hostname</c> (else
    /// <c>hostname</c>) and <c>public-keys</c> (a string, a list, or a map of name → key or key list).
    /// </summary>
    public static InstanceMetadata ParseMetaData(byte[]? bytes, string from)
    {
        if (bytes is null)
        {
            return InstanceMetadata.Empty;
        }
        var tree = ParseYaml(bytes, $"{from}/meta-data");
        var keys = new SortedDictionary<string, string>(StringComparer.Ordinal);
        void AddKey(string name, object? value)
        {
            switch (value)
            {
                case string s:
                    foreach (var line in s.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                    {
                        keys[keys.ContainsKey(name) ? $"{name}-{keys.Count}" : name] = line;
                    }
                    break;
                case List<object?> list:
                    for (var i = 0; i < list.Count; i++)
                    {
                        AddKey(list.Count == 1 ? name : $"{name}-{i}", list[i]);
                    }
                    break;
            }
        }
        switch (tree.GetValueOrDefault("public-keys") ?? tree.GetValueOrDefault("public_keys"))
        {
            case Dictionary<string, object?> map:
                foreach (var (name, value) in map)
                {
                    AddKey(name, value);
                }
                break;
            case List<object?> list:
                for (var i = 0; i < list.Count; i++)
                {
                    AddKey(i.ToString(System.Globalization.CultureInfo.InvariantCulture), list[i]);
                }
                break;
            case string s:
                AddKey("0", s);
                break;
        }
        return new InstanceMetadata
        {
            InstanceId = Text(tree, "instance-id"),
            Hostname = Text(tree, "local-hostname") ?? Text(tree, "hostname"),
            SshPublicKeys = keys,
        };
    }

    /// <summary>Parses <c>network-config</c> (version 1 or 2) into the <c>rancher.network</c> shape.</summary>
    public static Dictionary<string, object?>? ParseNetworkConfig(byte[] bytes, string from) =>
        NetworkConfigConverter.ToRancherNetwork(ParseYaml(bytes, $"{from}/network-config"));

    private static Dictionary<string, object?> ParseYaml(byte[] bytes, string name)
    {
        try
        {
            return YamlText.Parse(System.Text.Encoding.UTF8.GetString(bytes), name);
        }
        catch (ConfigSyntaxException e)
        {
            throw new DatasourceFormatException(e.Message, e);
        }
    }

    private static string? Text(Dictionary<string, object?> tree, string key) =>
        tree.GetValueOrDefault(key) is { } value and not (List<object?> or Dictionary<string, object?>) ? ConfigValue.FormatScalar(value) : null;
}
