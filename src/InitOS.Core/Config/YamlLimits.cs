namespace InitOS.Core.Config;

/// <summary>
/// The limits every YAML text PID 1 and <c>ros</c> parse must keep (config layers, meta-data, user-data,
/// <c>ros config validate</c> input, command-line values). They are checked on the parser's event stream
/// while the tree is built (<see cref="YamlText"/>), so hostile input is refused in time linear in its size,
/// before anything recurses on it: a text over a limit is a <see cref="ConfigSyntaxException"/> naming the
/// file, and a config layer that breaks one is skipped whole like any other unparsable file.
/// </summary>
public static class YamlLimits
{
    /// <summary>Largest text, in UTF-8 bytes: 4 MiB. RancherOS's largest real cloud-configs (embedded
    /// certificates and write_files) stay far below 1 MiB; the EC2 user-data limit is 16 KiB.</summary>
    public const int MaxBytes = 4 * 1024 * 1024;

    /// <summary>Deepest nesting of maps and lists, counted after alias expansion: 64. The schema is at most
    /// 7 levels deep; compose services in <c>rancher.services</c> add a few more.</summary>
    public const int MaxDepth = 64;

    /// <summary>Most nodes (scalars, maps, lists) of a document counted with every alias expanded: 200,000.
    /// A 4 MiB file of short list items has about 1 million nodes written out, so this also caps very large
    /// flat files; a ten-level "billion laughs" alias bomb reaches it after a few hundred events.</summary>
    public const int MaxNodes = 200_000;
}
