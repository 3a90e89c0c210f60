namespace InitOS.Core.Datasources;

/// <summary>One request to a metadata service.</summary>
/// <param name="Method">HTTP method: <c>GET</c> or <c>PUT</c>.</param>
/// <param name="Url">Absolute URL.</param>
/// <param name="Headers">Request headers, in order.</param>
/// <param name="Timeout">Bound for the whole exchange, body included.</param>
public sealed record MetadataRequest(string Method, Uri Url, IReadOnlyList<KeyValuePair<string, string>> Headers, TimeSpan Timeout);
