using System.Text;

namespace InitOS.Core.CloudInit;

/// <summary>
/// Reads MIME multipart user-data as cloud-init writes it (<c>Content-Type: multipart/mixed; boundary=…</c>,
/// parts with their own headers, <c>base64</c>/<c>7bit</c>/<c>8bit</c> transfer encodings, nested multiparts).
/// </summary>
public static class MimeMultipart
{
    /// <summary>True when <paramref name="text"/> starts like a MIME message (a Content-Type or MIME-Version header).</summary>
    public static bool LooksLikeMime(string text) =>
        text.StartsWith("Content-Type:", StringComparison.OrdinalIgnoreCase) || text.StartsWith("MIME-Version:", StringComparison.OrdinalIgnoreCase);

    /// <summary>The leaf parts in order; throws <see cref="FormatException"/> for a message that is not multipart.</summary>
    public static IReadOnlyList<MimePart> Parse(string message)
    {
        var parts = new List<MimePart>();
        Collect(message.Replace("\r\n", "\n", StringComparison.Ordinal), parts, depth: 0);
        return parts;
    }

    private static void Collect(string message, List<MimePart> parts, int depth)
    {
        var (headers, body) = SplitHeaders(message);
        var (type, parameters) = ContentType(headers.GetValueOrDefault("content-type"));
        if (!type.StartsWith("multipart/", StringComparison.Ordinal))
        {
            throw new FormatException($"expected a multipart message, found '{type}'");
        }
        if (depth > 8 || !parameters.TryGetValue("boundary", out var boundary) || boundary.Length == 0)
        {
            throw new FormatException("multipart message without a boundary");
        }
        var delimiter = "--" + boundary;
        var current = (List<string>?)null;
        var closed = false;
        foreach (var line in body.Split('\n'))
        {
            var trimmed = line.TrimEnd(' ', '\t');
            if (trimmed == delimiter || trimmed == delimiter + "--")
            {
                if (current is not null)
                {
                    AddPart(string.Join('\n', current), parts, depth);
                }
                closed = trimmed.EndsWith("--", StringComparison.Ordinal) && trimmed != delimiter;
                current = closed ? null : [];
                if (closed)
                {
                    break;
                }
                continue;
            }
            current?.Add(line);
        }
        if (!closed && current is { Count: > 0 })
        {
            // A missing closing delimiter: keep what came, as mail readers do.
            AddPart(string.Join('\n', current), parts, depth);
        }
    }

    private static void AddPart(string raw, List<MimePart> parts, int depth)
    {
        var (headers, body) = SplitHeaders(raw);
        var (type, parameters) = ContentType(headers.GetValueOrDefault("content-type"));
        if (type.StartsWith("multipart/", StringComparison.Ordinal))
        {
            Collect(raw, parts, depth + 1);
            return;
        }
        var encoding = headers.GetValueOrDefault("content-transfer-encoding")?.Trim().ToLowerInvariant();
        var bytes = encoding == "base64"
            ? Convert.FromBase64String(string.Concat(body.Where(c => !char.IsWhiteSpace(c))))
            : Encoding.UTF8.GetBytes(body);
        var disposition = ContentType(headers.GetValueOrDefault("content-disposition")).Parameters;
        parts.Add(new MimePart(type, disposition.GetValueOrDefault("filename") ?? parameters.GetValueOrDefault("name"), bytes));
    }

    private static (Dictionary<string, string> Headers, string Body) SplitHeaders(string text)
    {
        var headers = new Dictionary<string, string>(StringComparer.Ordinal);
        var lines = text.Split('\n');
        var i = 0;
        string? last = null;
        for (; i < lines.Length && lines[i].Length > 0; i++)
        {
            var line = lines[i];
            if ((line[0] == ' ' || line[0] == '\t') && last is not null)
            {
                headers[last] += " " + line.Trim();
                continue;
            }
            var colon = line.IndexOf(':');
            if (colon <= 0)
            {
                break;
            }
            last = line[..colon].Trim().ToLowerInvariant();
            headers[last] = line[(colon + 1)..].Trim();
        }
        var body = i < lines.Length ? string.Join('\n', lines.Skip(i + 1)) : "";
        return (headers, body);
    }

    private static (string Type, Dictionary<string, string> Parameters) ContentType(string? value)
    {
        var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
        if (string.IsNullOrWhiteSpace(value))
        {
            return ("text/plain", parameters);
        }
        var pieces = value.Split(';');
        foreach (var piece in pieces.Skip(1))
        {
            var eq = piece.IndexOf('=');
            if (eq > 0)
            {
                parameters[piece[..eq].Trim().ToLowerInvariant()] = piece[(eq + 1)..].Trim().Trim('"');
            }
        }
        return (pieces[0].Trim().ToLowerInvariant(), parameters);
    }
}
