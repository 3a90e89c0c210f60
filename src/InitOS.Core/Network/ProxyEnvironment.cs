using InitOS.Core.Config;

namespace InitOS.Core.Network;

/// <summary>The proxy settings of <c>rancher.network</c> as environment variables, both spellings, as RancherOS
/// passes them to the engines and the console.</summary>
public static class ProxyEnvironment
{
    private static readonly (string Key, string Upper, string Lower)[] Keys =
    [
        ("http_proxy", "HTTP_PROXY", "http_proxy"),
        ("https_proxy", "HTTPS_PROXY", "https_proxy"),
        ("no_proxy", "NO_PROXY", "no_proxy"),
    ];

    /// <summary>
    /// <c>HTTP_PROXY</c>/<c>http_proxy</c>, <c>HTTPS_PROXY</c>/<c>https_proxy</c>, <c>NO_PROXY</c>/<c>no_proxy</c>
    /// for each of <c>rancher.network.http_proxy</c>, <c>https_proxy</c>, <c>no_proxy</c> that is set and not
    /// blank; in that order.
    /// </summary>
    public static IReadOnlyList<KeyValuePair<string, string>> From(Dictionary<string, object?> tree)
    {
        string? Text(string key) => ConfigTree.TryGet(tree, ["rancher", "network", key], out var value) && value is not null and not (List<object?> or Dictionary<string, object?>)
            ? ConfigValue.FormatScalar(value)
            : null;
        return For(Text(Keys[0].Key), Text(Keys[1].Key), Text(Keys[2].Key));
    }

    /// <summary>The pairs for the three settings (null or blank: unset), trimmed, in the order of <see cref="From"/>.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> For(string? http, string? https, string? noProxy)
    {
        var result = new List<KeyValuePair<string, string>>();
        string?[] values = [http, https, noProxy];
        for (var i = 0; i < Keys.Length; i++)
        {
            var text = values[i]?.Trim() ?? "";
            if (text.Length > 0)
            {
                result.Add(new(Keys[i].Upper, text));
                result.Add(new(Keys[i].Lower, text));
            }
        }
        return result;
    }
}
