using System.Text;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace InitOS.Core.Config;

/// <summary>
/// Parses YAML into the config tree and writes the tree back as block YAML. The tree is plain data:
/// maps are <see cref="Dictionary{TKey,TValue}"/> of string to object, lists are <see cref="List{T}"/>
/// of object, scalars are string, long, ulong, double, bool, <see cref="DateTime"/> or null. Plain
/// scalars are typed by YAML 1.1 rules (<see cref="Yaml11Scalar"/>); quoted scalars stay strings. Every
/// parse keeps <see cref="YamlLimits"/> (size, depth, nodes with aliases expanded).
/// </summary>
public static partial class YamlText
{
    /// <summary>Parses a document whose top level must be a map; an empty document is an empty map.</summary>
    /// <exception cref="ConfigSyntaxException">The text is not YAML, or its top level is not a map.</exception>
    public static Dictionary<string, object?> Parse(string text, string sourceName) => ParseDocument(text, sourceName).Tree;

    /// <summary>Like <see cref="Parse"/>, also returning the position of every key path.</summary>
    public static YamlDocumentTree ParseDocument(string text, string sourceName)
    {
        var positions = new Dictionary<string, (long Line, long Column)>(StringComparer.Ordinal);
        var root = ParseNode(text, sourceName, positions);
        if (root.Node is null)
        {
            return new YamlDocumentTree(new Dictionary<string, object?>(StringComparer.Ordinal), positions, IsEmpty: true);
        }
        if (root.Value is not Dictionary<string, object?> map)
        {
            throw new ConfigSyntaxException(sourceName, root.Node.Start.Line, root.Node.Start.Column,
                $"the top level must be a map of keys, not {ConfigValue.KindName(root.Value)}");
        }
        return new YamlDocumentTree(map, positions, IsEmpty: false);
    }

    /// <summary>Parses any YAML document (a scalar, list or map). Returns <c>(null, null)</c> for an
    /// empty or comment-only document.</summary>
    public static (YamlNode? Node, object? Value) ParseValue(string text, string sourceName)
        => ParseNode(text, sourceName, null);

    private static (YamlNode? Node, object? Value) ParseNode(string text, string sourceName,
        Dictionary<string, (long, long)>? positions)
    {
        if (text.Length > YamlLimits.MaxBytes / 4 && Encoding.UTF8.GetByteCount(text) > YamlLimits.MaxBytes)
        {
            throw new ConfigSyntaxException(sourceName, 1, 1,
                $"larger than {YamlLimits.MaxBytes / (1024 * 1024)} MiB (the limit)");
        }
        var stream = new YamlStream();
        var parser = new Parser(new StringReader(text));
        try
        {
            stream.Load(new LimitedParser(parser, sourceName));
        }
        catch (YamlException e)
        {
            var reason = e.InnerException is { } inner && e.Message.Contains("(Lin:", StringComparison.Ordinal) == false
                ? inner.Message : StripPosition(e.Message);
            throw new ConfigSyntaxException(sourceName, e.Start.Line, e.Start.Column, reason);
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException)
        {
            // YamlDotNet fails this way on some malformed input (an unclosed flow collection, a duplicate
            // key): report the position of the last event it parsed.
            var mark = parser.Current?.End ?? Mark.Empty;
            var reason = e is ArgumentException ? e.Message : "malformed YAML (an unclosed [ or { ?)";
            throw new ConfigSyntaxException(sourceName, Math.Max(1, mark.Line), Math.Max(1, mark.Column), reason);
        }
        if (stream.Documents.Count == 0)
        {
            return (null, null);
        }
        if (stream.Documents.Count > 1)
        {
            var second = stream.Documents[1].RootNode;
            throw new ConfigSyntaxException(sourceName, second.Start.Line, second.Start.Column,
                "expected one YAML document, found more than one");
        }
        var node = stream.Documents[0].RootNode;
        return (node, Convert(node, "", positions, sourceName));
    }

    private static string StripPosition(string message)
    {
        // YamlDotNet prefixes "(Line: 1, Col: 2, Idx: 1) - (Line: ...): "; the position is reported separately.
        var idx = message.LastIndexOf("): ", StringComparison.Ordinal);
        return idx >= 0 && message.StartsWith("(Line:", StringComparison.Ordinal) ? message[(idx + 3)..] : message;
    }

    private static object? Convert(YamlNode node, string path, Dictionary<string, (long, long)>? positions, string source)
    {
        switch (node)
        {
            case YamlScalarNode scalar:
                return ConvertScalar(scalar, source);
            case YamlSequenceNode sequence:
            {
                var list = new List<object?>(sequence.Children.Count);
                foreach (var child in sequence.Children)
                {
                    var itemPath = path.Length == 0 ? Index(list.Count) : path + "." + Index(list.Count);
                    list.Add(Convert(child, itemPath, positions, source));
                }
                return list;
            }
            case YamlMappingNode mapping:
            {
                var map = new Dictionary<string, object?>(StringComparer.Ordinal);
                var merges = new List<Dictionary<string, object?>>();
                foreach (var (keyNode, valueNode) in mapping.Children)
                {
                    var key = keyNode is YamlScalarNode k ? k.Value ?? "" : throw new ConfigSyntaxException(
                        source, keyNode.Start.Line, keyNode.Start.Column, "map keys must be scalars");
                    if (key == "<<" && keyNode is YamlScalarNode { Style: ScalarStyle.Plain })
                    {
                        CollectMerge(Convert(valueNode, path, null, source), merges, valueNode, source);
                        continue;
                    }
                    var childPath = path.Length == 0 ? ConfigKey.Escape(key) : path + "." + ConfigKey.Escape(key);
                    positions?.TryAdd(childPath, (keyNode.Start.Line, keyNode.Start.Column));
                    map[key] = Convert(valueNode, childPath, positions, source);
                }
                foreach (var merged in merges)
                {
                    foreach (var (k, v) in merged)
                    {
                        map.TryAdd(k, v);
                    }
                }
                return map;
            }
            default:
                return null;
        }
    }

    private static string Index(int i) => i.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static void CollectMerge(object? value, List<Dictionary<string, object?>> merges, YamlNode node, string source)
    {
        switch (value)
        {
            case Dictionary<string, object?> m:
                merges.Add(m);
                break;
            case List<object?> list when list.All(i => i is Dictionary<string, object?>):
                merges.AddRange(list.Cast<Dictionary<string, object?>>());
                break;
            default:
                throw new ConfigSyntaxException(source, node.Start.Line, node.Start.Column,
                    "a merge key (<<) needs a map or a list of maps");
        }
    }

    private static object? ConvertScalar(YamlScalarNode scalar, string source)
    {
        var text = scalar.Value ?? "";
        var tag = scalar.Tag.IsEmpty ? null : scalar.Tag.Value;
        if (tag != null && tag != "?" && tag != "!")
        {
            return ConvertTagged(scalar, text, tag, source);
        }
        if (scalar.Style != ScalarStyle.Plain || tag == "!")
        {
            return text;
        }
        return Yaml11Scalar.Resolve(text);
    }

    private static object? ConvertTagged(YamlScalarNode scalar, string text, string tag, string source)
    {
        switch (tag)
        {
            case "tag:yaml.org,2002:str":
                return text;
            case "tag:yaml.org,2002:null":
                return null;
            case "tag:yaml.org,2002:bool" or "tag:yaml.org,2002:int" or "tag:yaml.org,2002:float" or "tag:yaml.org,2002:timestamp":
            {
                var value = Yaml11Scalar.Resolve(text);
                var ok = tag switch
                {
                    "tag:yaml.org,2002:bool" => value is bool,
                    "tag:yaml.org,2002:int" => value is long or ulong,
                    "tag:yaml.org,2002:float" => value is double or long or ulong,
                    _ => value is DateTime,
                };
                if (!ok)
                {
                    throw new ConfigSyntaxException(source, scalar.Start.Line, scalar.Start.Column,
                        $"cannot decode '{text}' as {tag[(tag.LastIndexOf(':') + 1)..]}");
                }
                return tag == "tag:yaml.org,2002:float" && value is long l ? (double)l : value;
            }
            default:
                // Unknown local tags (for example !!binary or custom ones) keep the text.
                return text;
        }
    }
}
