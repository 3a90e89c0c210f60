namespace InitOS.Core.Config.Schema;

/// <summary>One node of the config schema.</summary>
/// <param name="Kind">What the value must be.</param>
/// <param name="Fields">For <see cref="SchemaKind.Object"/>: the allowed fields.</param>
/// <param name="Item">For <see cref="SchemaKind.List"/>: the item schema; for <see cref="SchemaKind.Map"/>: the value schema.</param>
/// <param name="UniqueItems">For lists: items must be distinct.</param>
/// <param name="FreeFormInValidate">Typed when layers load, but any object passes <c>validate</c>
/// (RancherOS's JSON schema left these sections open).</param>
public sealed record SchemaNode(
    SchemaKind Kind,
    IReadOnlyDictionary<string, SchemaNode>? Fields = null,
    SchemaNode? Item = null,
    bool UniqueItems = false,
    bool FreeFormInValidate = false)
{
    /// <summary>Any value.</summary>
    public static readonly SchemaNode Any = new(SchemaKind.Any);

    /// <summary>A string.</summary>
    public static readonly SchemaNode Str = new(SchemaKind.String);

    /// <summary>A boolean.</summary>
    public static readonly SchemaNode Bool = new(SchemaKind.Bool);

    /// <summary>A tri-state boolean.</summary>
    public static readonly SchemaNode TriBool = new(SchemaKind.TriBool);

    /// <summary>An integer.</summary>
    public static readonly SchemaNode Int = new(SchemaKind.Int);

    /// <summary>A list of strings.</summary>
    public static readonly SchemaNode StrList = new(SchemaKind.List, Item: Str);

    /// <summary>A string or a list of strings.</summary>
    public static readonly SchemaNode StrOrList = new(SchemaKind.StringOrList);

    /// <summary>A list of <paramref name="item"/>.</summary>
    public static SchemaNode ListOf(SchemaNode item, bool unique = false) => new(SchemaKind.List, Item: item, UniqueItems: unique);

    /// <summary>A free-form map whose values are <paramref name="value"/>.</summary>
    public static SchemaNode MapOf(SchemaNode value) => new(SchemaKind.Map, Item: value);

    /// <summary>A closed object with the given fields.</summary>
    public static SchemaNode Object(params (string Name, SchemaNode Node)[] fields) =>
        new(SchemaKind.Object, Fields: fields.ToDictionary(f => f.Name, f => f.Node, StringComparer.Ordinal));

    /// <summary>The schema of a child key, or null when the key is not part of the schema.</summary>
    public SchemaNode? Child(string key) => Kind switch
    {
        SchemaKind.Object => Fields!.GetValueOrDefault(key),
        SchemaKind.Map => Item,
        SchemaKind.Any => Any,
        _ => null,
    };
}
