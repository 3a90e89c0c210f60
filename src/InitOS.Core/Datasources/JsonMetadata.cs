using System.Text.Json;

namespace InitOS.Core.Datasources;

/// <summary>Small helpers over <see cref="JsonDocument"/> (no reflection, AOT-safe) for cloud JSON documents.</summary>
public static class JsonMetadata
{
    /// <summary>Parses <paramref name="json"/>; a malformed document is a <see cref="DatasourceFormatException"/>.</summary>
    public static JsonDocument Parse(byte[] json, string what)
    {
        try
        {
            var doc = JsonDocument.Parse(json);
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
            {
                doc.Dispose();
                throw new DatasourceFormatException($"{what}: expected a JSON object");
            }
            return doc;
        }
        catch (JsonException e)
        {
            throw new DatasourceFormatException($"{what}: malformed JSON at line {e.LineNumber + 1}: {e.Message}", e);
        }
    }

    /// <summary>Follows a path of property names and array indexes; <c>null</c> when any step is missing.</summary>
    public static JsonElement? At(JsonElement element, params object[] path)
    {
        var current = element;
        foreach (var step in path)
        {
            switch (step)
            {
                case string name when current.ValueKind == JsonValueKind.Object && current.TryGetProperty(name, out var child):
                    current = child;
                    break;
                case int index when current.ValueKind == JsonValueKind.Array && index < current.GetArrayLength():
                    current = current[index];
                    break;
                default:
                    return null;
            }
        }
        return current;
    }

    /// <summary>A string (or number, as text) at <paramref name="path"/>; <c>null</c> when missing, empty or another kind.</summary>
    public static string? String(JsonElement element, params object[] path)
    {
        var found = At(element, path);
        var text = found?.ValueKind switch
        {
            JsonValueKind.String => found.Value.GetString(),
            JsonValueKind.Number => found.Value.GetRawText(),
            _ => null,
        };
        return string.IsNullOrEmpty(text) ? null : text;
    }

    /// <summary>The elements of the array at <paramref name="path"/>; empty when missing.</summary>
    public static IEnumerable<JsonElement> Array(JsonElement element, params object[] path)
    {
        var found = At(element, path);
        return found?.ValueKind == JsonValueKind.Array ? found.Value.EnumerateArray() : [];
    }
}
