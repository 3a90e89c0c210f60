namespace InitOS.Core.Config.Schema;

/// <summary>
/// Checks a config tree against <see cref="ConfigSchema"/> in one of two strengths:
/// <list type="bullet">
/// <item><see cref="CheckLayer"/> — the typed conversion every layer must pass to be applied (RancherOS's
/// rules: numbers and booleans convert to string fields, strings never convert to booleans or integers,
/// null fits everything, unknown keys are kept and ignored);</item>
/// <item><see cref="Validate"/> — what <c>ros config validate</c> reports: JSON-schema strictness, closed
/// objects, exact JSON types, unique SSH keys, with the messages RancherOS printed.</item>
/// </list>
/// </summary>
public static class SchemaChecker
{
    /// <summary>Type-checks a layer; returns the problems (empty when the layer applies).</summary>
    public static IReadOnlyList<SchemaIssue> CheckLayer(Dictionary<string, object?> tree)
    {
        var issues = new List<SchemaIssue>();
        Lenient(tree, ConfigSchema.Root, "", "", [], [], issues);
        return issues;
    }

    /// <summary>Validates a document strictly; returns every problem found.</summary>
    public static IReadOnlyList<SchemaIssue> Validate(Dictionary<string, object?> tree)
    {
        var issues = new List<SchemaIssue>();
        Strict(tree, ConfigSchema.Root, "", "", issues);
        return issues;
    }

    private static string Join(string path, string key) => path.Length == 0 ? ConfigKey.Escape(key) : path + "." + ConfigKey.Escape(key);

    // trail: map keys and list indices from the root to the value; target: the trail up to the nearest map
    // key, which is what a layer drops when the value is bad (BadKeys).
    private static void Lenient(object? value, SchemaNode schema, string path, string keyPath,
        string[] trail, string[] target, List<SchemaIssue> issues)
    {
        if (value is null || schema.Kind == SchemaKind.Any)
        {
            return;
        }
        string? expected = null;
        switch (schema.Kind)
        {
            case SchemaKind.String:
                if (value is List<object?> or Dictionary<string, object?>)
                {
                    expected = "a string";
                }
                break;
            case SchemaKind.Bool or SchemaKind.TriBool:
                if (value is not bool)
                {
                    expected = "a boolean (true/false, yes/no, on/off)";
                }
                break;
            case SchemaKind.Int:
                if (value is not (long or ulong) && !(value is double d && Math.Floor(d) == d && !double.IsInfinity(d)))
                {
                    expected = "an integer";
                }
                break;
            case SchemaKind.StringOrList:
                if (value is Dictionary<string, object?>)
                {
                    expected = "a string or a list of strings";
                }
                else if (value is List<object?> items)
                {
                    for (var i = 0; i < items.Count; i++)
                    {
                        Lenient(items[i], SchemaNode.Str, path + "." + i, keyPath, [.. trail, Index(i)], target, issues);
                    }
                }
                break;
            case SchemaKind.List:
                if (value is List<object?> list)
                {
                    for (var i = 0; i < list.Count; i++)
                    {
                        Lenient(list[i], schema.Item!, path + "." + i, keyPath, [.. trail, Index(i)], target, issues);
                    }
                }
                else
                {
                    expected = "a list";
                }
                break;
            case SchemaKind.Object or SchemaKind.Map:
                if (value is Dictionary<string, object?> map)
                {
                    foreach (var (key, child) in map)
                    {
                        var childSchema = schema.Child(key);
                        if (childSchema != null)
                        {
                            var childPath = Join(path, key);
                            string[] childTrail = [.. trail, key];
                            Lenient(child, childSchema, childPath, childPath, childTrail, childTrail, issues);
                        }
                    }
                }
                else
                {
                    expected = "a map";
                }
                break;
        }
        if (expected != null)
        {
            issues.Add(new SchemaIssue(path, $"expected {expected}, found {Describe(value)}", keyPath) { Target = target });
        }
    }

    private static string Index(int i) => i.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static string Describe(object? value) => value switch
    {
        string s => $"string \"{s}\"",
        List<object?> => "a list",
        Dictionary<string, object?> => "a map",
        _ => $"{ConfigValue.KindName(value)} {ConfigValue.FormatScalar(value)}",
    };

    private static string JsonType(SchemaNode schema) => schema.Kind switch
    {
        SchemaKind.String => "string",
        SchemaKind.Bool or SchemaKind.TriBool => "boolean",
        SchemaKind.Int => "integer",
        SchemaKind.List => "array",
        SchemaKind.Object or SchemaKind.Map => "object",
        SchemaKind.StringOrList => "string,array",
        _ => "any",
    };

    private static string GivenType(object? value) => value switch
    {
        null => "null",
        string or DateTime => "string",
        bool => "boolean",
        long or ulong => "integer",
        double d => Math.Floor(d) == d && !double.IsInfinity(d) ? "integer" : "number",
        List<object?> => "array",
        Dictionary<string, object?> => "object",
        _ => "string",
    };

    private static void Strict(object? value, SchemaNode schema, string path, string keyPath, List<SchemaIssue> issues)
    {
        if (schema.Kind == SchemaKind.Any)
        {
            return;
        }
        var given = GivenType(value);
        var ok = schema.Kind switch
        {
            SchemaKind.String => given == "string",
            SchemaKind.Bool or SchemaKind.TriBool => given == "boolean",
            SchemaKind.Int => given == "integer",
            SchemaKind.List => given == "array",
            SchemaKind.Object or SchemaKind.Map => given == "object",
            SchemaKind.StringOrList => given is "string" or "array",
            _ => true,
        };
        var where = path.Length == 0 ? "(root)" : path;
        if (!ok)
        {
            issues.Add(new SchemaIssue(where, $"Invalid type. Expected: {JsonType(schema)}, given: {given}", keyPath));
            return;
        }
        switch (value)
        {
            case List<object?> list:
            {
                var item = schema.Kind == SchemaKind.StringOrList ? SchemaNode.Str : schema.Item!;
                for (var i = 0; i < list.Count; i++)
                {
                    Strict(list[i], item, path + "." + i, keyPath, issues);
                }
                if (schema.UniqueItems)
                {
                    for (var i = 0; i < list.Count; i++)
                    {
                        for (var j = i + 1; j < list.Count; j++)
                        {
                            if (Equals(list[i], list[j]))
                            {
                                issues.Add(new SchemaIssue(where, $"array items[{i},{j}] must be unique", keyPath));
                                goto doneUnique;
                            }
                        }
                    }
                doneUnique:;
                }
                break;
            }
            case Dictionary<string, object?> map:
                foreach (var key in map.Keys.Order(StringComparer.Ordinal))
                {
                    var childPath = Join(path, key);
                    var childSchema = schema.FreeFormInValidate ? SchemaNode.Any : schema.Child(key);
                    if (childSchema is null)
                    {
                        issues.Add(new SchemaIssue(childPath, $"Additional property {key} is not allowed", childPath));
                    }
                    else if (schema.Kind == SchemaKind.Object && !schema.FreeFormInValidate)
                    {
                        Strict(map[key], childSchema, childPath, childPath, issues);
                    }
                }
                break;
        }
    }
}
