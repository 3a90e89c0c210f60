namespace InitOS.Core.Config.Schema;

/// <summary>
/// The typed view of the config that <c>ros config get</c> prints: values converted to their schema type
/// (an integer in a string field becomes its text), keys outside the schema dropped, and unset keys
/// shown as their zero value (empty string, <c>false</c>, <c>0</c>, <c>[]</c>, <c>{}</c>, or
/// <c>null</c> for tri-state booleans).
/// </summary>
public static class TypedView
{
    /// <summary>Converts a value (already type-checked) to its schema type.</summary>
    public static object? Convert(object? value, SchemaNode schema)
    {
        if (value is null)
        {
            return Zero(schema);
        }
        switch (schema.Kind)
        {
            case SchemaKind.String when value is not (List<object?> or Dictionary<string, object?>):
                return value as string ?? ConfigValue.FormatScalar(value);
            case SchemaKind.Int when value is double d:
                return (long)d;
            case SchemaKind.List when value is List<object?> list:
                return list.Select(i => Convert(i, schema.Item!)).ToList();
            case SchemaKind.StringOrList when value is List<object?> items:
                return items.Select(i => Convert(i, SchemaNode.Str)).ToList();
            case SchemaKind.StringOrList:
                return value as string ?? ConfigValue.FormatScalar(value);
            case SchemaKind.Object when value is Dictionary<string, object?> obj:
            {
                var result = new Dictionary<string, object?>(StringComparer.Ordinal);
                foreach (var (key, child) in obj)
                {
                    if (schema.Fields!.TryGetValue(key, out var childSchema) && !IsEmpty(child))
                    {
                        result[key] = Convert(child, childSchema);
                    }
                }
                return result;
            }
            case SchemaKind.Map when value is Dictionary<string, object?> map:
                return map.ToDictionary(kv => kv.Key, kv => Convert(kv.Value, schema.Item!), StringComparer.Ordinal);
            default:
                return value;
        }
    }

    /// <summary>The value an unset key of this schema shows.</summary>
    public static object? Zero(SchemaNode schema) => schema.Kind switch
    {
        SchemaKind.String or SchemaKind.StringOrList => "",
        SchemaKind.Bool => false,
        SchemaKind.Int => 0L,
        SchemaKind.List => new List<object?>(),
        SchemaKind.Object or SchemaKind.Map => new Dictionary<string, object?>(StringComparer.Ordinal),
        _ => null,
    };

    /// <summary>Fields left out of a printed object, as Go's <c>omitempty</c> leaves them out.</summary>
    private static bool IsEmpty(object? value) => value switch
    {
        null => true,
        string s => s.Length == 0,
        List<object?> l => l.Count == 0,
        Dictionary<string, object?> m => m.Count == 0,
        bool b => !b,
        long l => l == 0,
        _ => false,
    };
}
