using System.Text;

namespace InitOS.Core.Config;

/// <summary>
/// Replaces <c>$public_ipv4</c>, <c>$private_ipv4</c>, <c>$public_ipv6</c> and <c>$private_ipv6</c> in a config
/// text by the meta-data addresses, else by the environment variables <c>COREOS_PUBLIC_IPV4</c> (and so on),
/// else by nothing. <c>\$public_ipv4</c> writes the name literally. No other variables are touched.
/// </summary>
public static class MetadataSubstitution
{
    private static readonly string[] Names = ["public_ipv4", "private_ipv4", "public_ipv6", "private_ipv6"];

    /// <summary>The values of the four variables.</summary>
    public static IReadOnlyDictionary<string, string> Variables(CloudMetadata metadata, IReadOnlyDictionary<string, string> environment)
    {
        string Pick(string? fromMetadata, string name) =>
            !string.IsNullOrEmpty(fromMetadata) ? fromMetadata
            : environment.TryGetValue("COREOS_" + name.ToUpperInvariant(), out var env) ? env : "";
        return new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["public_ipv4"] = Pick(metadata.PublicIPv4, "public_ipv4"),
            ["private_ipv4"] = Pick(metadata.PrivateIPv4, "private_ipv4"),
            ["public_ipv6"] = Pick(metadata.PublicIPv6, "public_ipv6"),
            ["private_ipv6"] = Pick(metadata.PrivateIPv6, "private_ipv6"),
        };
    }

    /// <summary>Applies the substitution to a text.</summary>
    public static string Apply(string text, IReadOnlyDictionary<string, string> variables)
    {
        if (!text.Contains('$', StringComparison.Ordinal))
        {
            return text;
        }
        var sb = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\\' && i + 1 < text.Length && text[i + 1] == '$' && MatchName(text, i + 2) is { } escaped)
            {
                sb.Append('$').Append(escaped);
                i += 1 + escaped.Length;
            }
            else if (c == '$' && MatchName(text, i + 1) is { } name)
            {
                sb.Append(variables.GetValueOrDefault(name, ""));
                i += name.Length;
            }
            else
            {
                sb.Append(c);
            }
        }
        return sb.ToString();
    }

    private static string? MatchName(string text, int at)
    {
        foreach (var name in Names)
        {
            if (string.CompareOrdinal(text, at, name, 0, name.Length) == 0)
            {
                return name;
            }
        }
        return null;
    }
}
