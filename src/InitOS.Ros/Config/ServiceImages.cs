using InitOS.Core.Config;

namespace InitOS.Ros.Config;

/// <summary>The images a config's services use (<c>ros config images</c>).</summary>
public static class ServiceImages
{
    /// <summary>The distinct <c>image</c> values of <c>rancher.services</c> and <c>rancher.bootstrap</c>, sorted,
    /// with <c>${VERSION}</c> replaced by the OS version (as the init does when it runs them).</summary>
    public static IReadOnlyList<string> Of(Dictionary<string, object?> tree, string version)
    {
        var images = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var set in new[] { "services", "bootstrap" })
        {
            if (ConfigTree.TryGet(tree, ["rancher", set], out var services) && services is Dictionary<string, object?> map)
            {
                foreach (var service in map.Values)
                {
                    if (service is Dictionary<string, object?> s && s.GetValueOrDefault("image") is { } image
                        && image is not (List<object?> or Dictionary<string, object?>))
                    {
                        images.Add(ConfigValue.FormatScalar(image).Replace("${VERSION}", version, StringComparison.Ordinal));
                    }
                }
            }
        }
        return [.. images];
    }
}
