using InitOS.Core.Config;

namespace InitOS.Core.Lifecycle;

/// <summary>
/// The release index <c>rancher.upgrade.url</c> points at, in the shape of RancherOS's <c>releases.yml</c>:
/// <code>
/// current: initos/os:v0.2.0
/// available: [initos/os:v0.1.0, initos/os:v0.2.0]
/// </code>
/// <c>ros os upgrade</c> takes <see cref="Current"/>; <c>ros os list</c> shows <see cref="Available"/>. Other keys
/// are ignored. The text is parsed with the project's limited YAML parser (<see cref="YamlLimits"/>), because it
/// comes from the network.
/// </summary>
/// <param name="Current">The image of the current release, when the index names one.</param>
/// <param name="Available">Every image the index offers, in its order.</param>
public sealed record ReleaseIndex(string? Current, IReadOnlyList<string> Available)
{
    private const string SourceName = "release index";

    /// <summary>Reads a release index.</summary>
    /// <exception cref="FormatException">The text is not YAML within the limits, its top level is not a map,
    /// <c>current</c> is not an image reference, <c>available</c> is not a list of them, or it has neither.</exception>
    public static ReleaseIndex Parse(string yaml)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        YamlDocumentTree document;
        try
        {
            document = YamlText.ParseDocument(yaml, SourceName);
        }
        catch (ConfigSyntaxException e)
        {
            throw new FormatException(e.Message, e);
        }
        var tree = document.Tree;
        var current = tree.TryGetValue("current", out var c) && c is not null ? ImageRef(c, "current") : null;
        var available = new List<string>();
        if (tree.TryGetValue("available", out var a) && a is not null)
        {
            if (a is not List<object?> items)
            {
                throw new FormatException($"{SourceName}: 'available' must be a list of images, not {ConfigValue.KindName(a)}");
            }
            for (var i = 0; i < items.Count; i++)
            {
                available.Add(ImageRef(items[i], $"available[{i}]"));
            }
        }
        if (current is null && available.Count == 0)
        {
            throw new FormatException($"{SourceName}: names no release (neither 'current' nor 'available' is set)");
        }
        return new ReleaseIndex(current, available.AsReadOnly());
    }

    /// <summary>
    /// The tag of an image reference: <c>initos/os:v0.2.0</c> → <c>v0.2.0</c>; <c>reg:5000/initos/os:v1</c> →
    /// <c>v1</c> (a registry port is not a tag); no tag → <c>latest</c>; a digest reference
    /// (<c>…@sha256:…</c>) → the digest.
    /// </summary>
    /// <exception cref="ArgumentException">The reference is empty.</exception>
    public static string TagOf(string imageRef)
    {
        if (string.IsNullOrWhiteSpace(imageRef))
        {
            throw new ArgumentException("the image reference is empty", nameof(imageRef));
        }
        var reference = imageRef.Trim();
        var at = reference.IndexOf('@');
        if (at >= 0)
        {
            return reference[(at + 1)..];
        }
        var name = reference[(reference.LastIndexOf('/') + 1)..];
        var colon = name.LastIndexOf(':');
        return colon < 0 || colon == name.Length - 1 ? "latest" : name[(colon + 1)..];
    }

    private static string ImageRef(object? value, string where)
    {
        if (value is not string text || text.Length == 0 || text.Any(char.IsWhiteSpace) || text.Any(char.IsControl))
        {
            var what = value is string ? $"'{value}'" : ConfigValue.KindName(value);
            throw new FormatException($"{SourceName}: '{where}' must be an image reference like initos/os:v0.2.0, not {what}");
        }
        return text;
    }
}
