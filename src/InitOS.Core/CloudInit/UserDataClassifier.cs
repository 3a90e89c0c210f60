using System.IO.Compression;
using System.Text;
using InitOS.Core.Config;
using InitOS.Core.Config.Schema;

namespace InitOS.Core.CloudInit;

/// <summary>
/// Sorts raw user-data into what cloud-init-save stores:
/// <list type="bullet">
/// <item>gzip (magic <c>1f 8b</c>) is unpacked first, at any level;</item>
/// <item><c>#cloud-config</c> first line → kept verbatim for <c>boot.yml</c> once it parses as YAML and passes
/// the layer type check; otherwise reported with its position and not saved;</item>
/// <item><c>#!</c> → the script;</item>
/// <item><c>#compose</c> first line → the rest wrapped as <c>{rancher: {services: …}}</c>;</item>
/// <item>MIME multipart → each part by its Content-Type (<c>text/cloud-config</c>, <c>text/x-shellscript</c>,
/// gzip parts, <c>text/plain</c> by content); several cloud-configs are merged in order;</item>
/// <item>anything else → "unrecognised", not saved.</item>
/// </list>
/// </summary>
public static class UserDataClassifier
{
    private const int MaxSize = 16 * 1024 * 1024;

    /// <summary>Classifies <paramref name="data"/> (<c>null</c> or blank = no user-data).</summary>
    public static UserDataPlan Classify(byte[]? data)
    {
        var state = new State();
        if (data is not null)
        {
            Add(state, data, "user-data", depth: 0);
        }
        string? cloudConfig = null;
        if (state.Configs.Count == 1)
        {
            cloudConfig = state.Configs[0].Text;
        }
        else if (state.Configs.Count > 1)
        {
            var merged = new Dictionary<string, object?>(StringComparer.Ordinal);
            foreach (var (_, tree) in state.Configs)
            {
                merged = ConfigMerge.Merge(merged, tree);
            }
            cloudConfig = "#cloud-config\n" + YamlText.Write(merged);
        }
        return new UserDataPlan(cloudConfig, state.Scripts.FirstOrDefault(), state.Problems, state.Notes);
    }

    private sealed class State
    {
        public List<(string Text, Dictionary<string, object?> Tree)> Configs { get; } = [];
        public List<string> Scripts { get; } = [];
        public List<string> Problems { get; } = [];
        public List<string> Notes { get; } = [];
    }

    private static void Add(State state, byte[] data, string name, int depth)
    {
        if (IsGzip(data))
        {
            if (depth > 4 || !TryGunzip(data, out var unpacked))
            {
                state.Problems.Add($"Could not unpack gzip {name}");
                return;
            }
            Add(state, unpacked, name, depth + 1);
            return;
        }
        var text = Encoding.UTF8.GetString(data);
        if (text.Length > 0 && text[0] == '\uFEFF')
        {
            text = text[1..];
        }
        if (string.IsNullOrWhiteSpace(text))
        {
            return;
        }
        var firstLine = text.Split('\n', 2)[0].TrimEnd('\r', ' ', '\t');
        if (firstLine == "#cloud-config")
        {
            AddCloudConfig(state, text, name);
        }
        else if (text.StartsWith("#!", StringComparison.Ordinal))
        {
            if (state.Scripts.Count > 0)
            {
                state.Notes.Add($"Ignoring {name}: only one user-data script is kept");
            }
            else
            {
                state.Scripts.Add(text);
            }
        }
        else if (firstLine == "#compose")
        {
            AddCompose(state, text, name);
        }
        else if (MimeMultipart.LooksLikeMime(text) && depth < 4)
        {
            AddMime(state, text, name, depth);
        }
        else
        {
            var head = firstLine.Length > 40 ? firstLine[..40] + "…" : firstLine;
            state.Problems.Add($"Unrecognized {name} starting with '{head}' (expected #cloud-config, #!, #compose, gzip or MIME multipart)");
        }
    }

    private static void AddCloudConfig(State state, string text, string name)
    {
        try
        {
            var tree = YamlText.Parse(text, name);
            var issues = SchemaChecker.CheckLayer(tree);
            if (issues.Count > 0)
            {
                state.Problems.Add($"Invalid {name}: " + string.Join("; ", issues.Select(i => $"{i.Path}: {i.Message}")));
                return;
            }
            state.Configs.Add((text, tree));
        }
        catch (ConfigSyntaxException e)
        {
            state.Problems.Add($"Invalid {name}: {e.Message}");
        }
    }

    private static void AddCompose(State state, string text, string name)
    {
        try
        {
            var services = YamlText.Parse(text, name);
            var tree = new Dictionary<string, object?>(StringComparer.Ordinal)
            {
                ["rancher"] = new Dictionary<string, object?>(StringComparer.Ordinal) { ["services"] = services },
            };
            state.Configs.Add(("#cloud-config\n" + YamlText.Write(tree), tree));
        }
        catch (ConfigSyntaxException e)
        {
            state.Problems.Add($"Invalid {name} (#compose): {e.Message}");
        }
    }

    private static void AddMime(State state, string text, string name, int depth)
    {
        IReadOnlyList<MimePart> parts;
        try
        {
            parts = MimeMultipart.Parse(text);
        }
        catch (FormatException e)
        {
            state.Problems.Add($"Unreadable MIME {name}: {e.Message}");
            return;
        }
        for (var i = 0; i < parts.Count; i++)
        {
            var part = parts[i];
            var partName = $"{name} part {i + 1} ({part.FileName ?? part.ContentType})";
            switch (part.ContentType)
            {
                case "text/cloud-config":
                    AddCloudConfig(state, EnsureHeader(Encoding.UTF8.GetString(part.Body)), partName);
                    break;
                case "text/x-shellscript":
                case "text/plain":
                case "application/x-gzip":
                case "application/gzip":
                case "application/octet-stream":
                    Add(state, part.Body, partName, depth + 1);
                    break;
                default:
                    state.Notes.Add($"Ignoring {partName}: content type '{part.ContentType}' is not applied by InitOS");
                    break;
            }
        }
    }

    private static string EnsureHeader(string text) =>
        text.TrimStart('\uFEFF').Split('\n', 2)[0].TrimEnd('\r', ' ') == "#cloud-config" ? text : "#cloud-config\n" + text;

    private static bool IsGzip(byte[] data) => data.Length >= 2 && data[0] == 0x1f && data[1] == 0x8b;

    /// <summary>Unpacks gzip data in memory, refusing more than 16 MiB of output.</summary>
    public static bool TryGunzip(byte[] data, out byte[] unpacked)
    {
        try
        {
            using var input = new GZipStream(new MemoryStream(data), CompressionMode.Decompress);
            using var output = new MemoryStream();
            var buffer = new byte[81920];
            int read;
            while ((read = input.Read(buffer)) > 0)
            {
                if (output.Length + read > MaxSize)
                {
                    unpacked = [];
                    return false;
                }
                output.Write(buffer, 0, read);
            }
            unpacked = output.ToArray();
            return true;
        }
        catch (InvalidDataException)
        {
            unpacked = [];
            return false;
        }
    }
}
