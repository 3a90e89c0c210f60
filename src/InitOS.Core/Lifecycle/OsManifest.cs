using System.Collections.ObjectModel;
using System.Text;

namespace InitOS.Core.Lifecycle;

/// <summary>
/// The manifest of an OS payload: a file named <c>manifest</c> next to <c>vmlinuz</c> and <c>initrd</c>, in the
/// image and in each slot. One <c>key=value</c> per line:
/// <code>
/// version=0.2.0
/// kernel=6.12.57+deb13-amd64
/// sha256:vmlinuz=&lt;64 hex digits&gt;
/// sha256:initrd=&lt;64 hex digits&gt;
/// sha256:installer/boot.img=&lt;64 hex digits&gt;
/// </code>
/// A <c>sha256:</c> key names a file by its path relative to the manifest (no leading <c>/</c>, no empty,
/// <c>.</c> or <c>..</c> segments). Blank lines and lines starting with <c>#</c> are ignored; other plain keys
/// are kept in <see cref="Extra"/>. Hashes are kept in lower case.
/// </summary>
/// <param name="Version">The OS version (see <see cref="IsValidVersion"/>).</param>
/// <param name="Kernel">The kernel release, when the manifest names it.</param>
/// <param name="Sha256">SHA-256 in lower-case hex by relative path; always has <c>vmlinuz</c> and <c>initrd</c>
/// when parsed.</param>
/// <param name="Extra">Other plain keys, in file order.</param>
public sealed record OsManifest(string Version, string? Kernel, IReadOnlyDictionary<string, string> Sha256, IReadOnlyDictionary<string, string> Extra)
{
    /// <summary>The file name of a manifest.</summary>
    public const string FileName = "manifest";

    /// <summary>The path of the kernel, relative to the manifest.</summary>
    public const string KernelPath = "vmlinuz";

    /// <summary>The path of the initrd, relative to the manifest.</summary>
    public const string InitrdPath = "initrd";

    private const string HashPrefix = "sha256:";

    /// <summary>Reads a manifest.</summary>
    /// <exception cref="FormatException">A line is not <c>key=value</c>, a key repeats, a hash is not 64 hex
    /// digits, a path is not relative and plain, the version is missing or not a version, or the hash of
    /// <c>vmlinuz</c> or <c>initrd</c> is missing. The message names the line where there is one.</exception>
    public static OsManifest Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        string? version = null, kernel = null;
        var hashes = new OrderedDictionary<string, string>(StringComparer.Ordinal);
        var extra = new OrderedDictionary<string, string>(StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }
            var at = $"manifest line {i + 1}";
            var equals = line.IndexOf('=');
            if (equals <= 0)
            {
                throw new FormatException($"{at}: expected key=value, found '{line}'");
            }
            var key = line[..equals].Trim();
            var value = line[(equals + 1)..].Trim();
            if (!seen.Add(key))
            {
                throw new FormatException($"{at}: '{key}' appears a second time");
            }
            if (key.StartsWith(HashPrefix, StringComparison.Ordinal))
            {
                var path = key[HashPrefix.Length..];
                if (PathProblem(path) is { } problem)
                {
                    throw new FormatException($"{at}: the path '{path}' {problem}");
                }
                if (!IsSha256Hex(value))
                {
                    throw new FormatException($"{at}: the sha256 of '{path}' must be 64 hex digits, not '{value}'");
                }
                hashes[path] = value.ToLowerInvariant();
            }
            else if (!IsPlainKey(key))
            {
                throw new FormatException($"{at}: '{key}' is not a key (letters, digits and . _ - only)");
            }
            else if (key == "version")
            {
                if (!IsValidVersion(value))
                {
                    throw new FormatException($"{at}: '{value}' is not a version (letters, digits and . _ + ~ - only)");
                }
                version = value;
            }
            else if (key == "kernel")
            {
                kernel = value.Length == 0 ? null : value;
            }
            else
            {
                extra[key] = value;
            }
        }
        if (version is null)
        {
            throw new FormatException("manifest: no version= line");
        }
        foreach (var required in new[] { KernelPath, InitrdPath })
        {
            if (!hashes.ContainsKey(required))
            {
                throw new FormatException($"manifest: no sha256:{required}= line (the hash of the {required})");
            }
        }
        return new OsManifest(version, kernel, new ReadOnlyDictionary<string, string>(hashes), new ReadOnlyDictionary<string, string>(extra));
    }

    /// <summary>The manifest as text <see cref="Parse"/> reads: version, kernel, hashes, then the extra keys.</summary>
    /// <exception cref="InvalidOperationException">A key or value has a line break, so it would not read back.</exception>
    public string Format()
    {
        var text = new StringBuilder();
        Line(text, "version", Version);
        if (Kernel is not null)
        {
            Line(text, "kernel", Kernel);
        }
        foreach (var (path, hash) in Sha256)
        {
            Line(text, HashPrefix + path, hash);
        }
        foreach (var (key, value) in Extra)
        {
            Line(text, key, value);
        }
        return text.ToString();
    }

    /// <summary>Whether <paramref name="version"/> is a plain version string: 1 to 64 characters, letters,
    /// digits and <c>. _ + ~ -</c> (safe in a GRUB menu title and in a file name).</summary>
    public static bool IsValidVersion(string? version) =>
        !string.IsNullOrEmpty(version) && version.Length <= 64
        && version.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '+' or '~' or '-');

    private static void Line(StringBuilder text, string key, string value)
    {
        if (key.AsSpan().IndexOfAny('\n', '\r') >= 0 || value.AsSpan().IndexOfAny('\n', '\r') >= 0)
        {
            throw new InvalidOperationException($"the manifest entry '{key.ReplaceLineEndings(" ")}' has a line break");
        }
        text.Append(key).Append('=').Append(value).Append('\n');
    }

    private static bool IsPlainKey(string key) =>
        key.Length > 0 && key.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-');

    private static bool IsSha256Hex(string value) => value.Length == 64 && value.All(char.IsAsciiHexDigit);

    private static string? PathProblem(string path)
    {
        if (path.Length == 0)
        {
            return "is empty";
        }
        if (path.StartsWith('/'))
        {
            return "must be relative (no leading '/')";
        }
        if (path.Any(c => char.IsControl(c) || char.IsWhiteSpace(c) || c == '\\'))
        {
            return "has a space, control character or backslash";
        }
        foreach (var segment in path.Split('/'))
        {
            if (segment == "..")
            {
                return "must not contain '..'";
            }
            if (segment is "" or ".")
            {
                return "must not have empty or '.' segments";
            }
        }
        return null;
    }
}
