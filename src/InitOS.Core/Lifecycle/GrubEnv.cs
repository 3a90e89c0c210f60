using System.Collections.ObjectModel;
using System.Text;

namespace InitOS.Core.Lifecycle;

/// <summary>
/// GRUB's environment block (<c>grub/grubenv</c>), the file <c>load_env</c> and <c>save_env</c> use. It is always
/// <see cref="BlockSize"/> bytes: the line <c># GRUB Environment Block</c>, then one <c>key=value</c> line per
/// variable, then <c>#</c> bytes up to the end. GRUB overwrites it in place and never changes its length, so a
/// writer must keep the length too. In a value GRUB puts a backslash before <c>\</c> and before a newline; a
/// backslash followed by any byte stands for that byte. Immutable: <see cref="With"/> returns a new block.
/// </summary>
public sealed class GrubEnv
{
    /// <summary>The size of every environment block, in bytes.</summary>
    public const int BlockSize = 1024;

    /// <summary>The first line of every block, newline included.</summary>
    public const string Header = "# GRUB Environment Block\n";

    private readonly OrderedDictionary<string, string> _values;

    private GrubEnv(OrderedDictionary<string, string> values)
    {
        _values = values;
        Values = new ReadOnlyDictionary<string, string>(values);
    }

    /// <summary>A block without variables.</summary>
    public static GrubEnv Empty { get; } = new(new OrderedDictionary<string, string>(StringComparer.Ordinal));

    /// <summary>The variables, compared ordinally, in the order of the file (a new key goes last).</summary>
    public IReadOnlyDictionary<string, string> Values { get; }

    /// <summary>Reads a block as GRUB does: comment lines (the header, the padding) are skipped, a line without
    /// <c>=</c> is ignored, and when a key appears twice the later value wins at the earlier position.</summary>
    /// <exception cref="FormatException">The block is not <see cref="BlockSize"/> bytes or lacks the header.</exception>
    public static GrubEnv Parse(ReadOnlySpan<byte> block)
    {
        if (block.Length != BlockSize)
        {
            throw new FormatException($"a GRUB environment block is {BlockSize} bytes; this one is {block.Length}");
        }
        var header = Encoding.ASCII.GetBytes(Header);
        if (!block.StartsWith(header))
        {
            throw new FormatException("not a GRUB environment block: it does not start with '# GRUB Environment Block'");
        }
        var values = new OrderedDictionary<string, string>(StringComparer.Ordinal);
        var p = header.Length;
        while (p < block.Length)
        {
            if (block[p] == (byte)'#')
            {
                p = SkipLine(block, p);
                continue;
            }
            var equals = p;
            while (equals < block.Length && block[equals] != (byte)'=' && block[equals] != (byte)'\n')
            {
                equals++;
            }
            if (equals >= block.Length || block[equals] == (byte)'\n')
            {
                p = SkipLine(block, p);
                continue;
            }
            var key = Encoding.UTF8.GetString(block[p..equals]);
            var value = new List<byte>();
            var q = equals + 1;
            for (; q < block.Length && block[q] != (byte)'\n'; q++)
            {
                if (block[q] == (byte)'\\' && q + 1 < block.Length)
                {
                    q++;
                }
                value.Add(block[q]);
            }
            if (key.Length > 0)
            {
                values[key] = Encoding.UTF8.GetString(value.ToArray());
            }
            p = q + 1;
        }
        return new GrubEnv(values);
    }

    /// <summary>The value of <paramref name="key"/>, or null when it is not set.</summary>
    public string? Get(string key) => _values.TryGetValue(key, out var value) ? value : null;

    /// <summary>A copy with <paramref name="key"/> set to <paramref name="value"/> (in place when it exists, else
    /// last), or removed when <paramref name="value"/> is null.</summary>
    /// <exception cref="ArgumentException">The key is empty or has a character other than A-Z, a-z, 0-9 and _.</exception>
    public GrubEnv With(string key, string? value)
    {
        if (!IsValidKey(key))
        {
            throw new ArgumentException($"'{key}' is not a GRUB variable name (letters, digits and '_' only)", nameof(key));
        }
        var copy = new OrderedDictionary<string, string>(_values, StringComparer.Ordinal);
        if (value is null)
        {
            copy.Remove(key);
        }
        else
        {
            copy[key] = value;
        }
        return new GrubEnv(copy);
    }

    /// <summary>The block as GRUB writes it: exactly <see cref="BlockSize"/> bytes, padded with <c>#</c>.</summary>
    /// <exception cref="InvalidOperationException">The variables need more than the block holds.</exception>
    public byte[] ToBlock()
    {
        var text = new StringBuilder(Header);
        foreach (var (key, value) in _values)
        {
            text.Append(key).Append('=');
            foreach (var c in value)
            {
                if (c is '\\' or '\n')
                {
                    text.Append('\\');
                }
                text.Append(c);
            }
            text.Append('\n');
        }
        var bytes = Encoding.UTF8.GetBytes(text.ToString());
        if (bytes.Length > BlockSize)
        {
            throw new InvalidOperationException(
                $"the GRUB environment needs {bytes.Length} bytes; the block holds {BlockSize}");
        }
        var block = new byte[BlockSize];
        bytes.CopyTo(block, 0);
        block.AsSpan(bytes.Length).Fill((byte)'#');
        return block;
    }

    /// <summary>The variables as <c>key=value</c> lines, as <c>grub-editenv list</c> prints them.</summary>
    public override string ToString() => string.Concat(_values.Select(p => $"{p.Key}={p.Value}\n"));

    internal static bool IsValidKey(string? key) => !string.IsNullOrEmpty(key) && key.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');

    private static int SkipLine(ReadOnlySpan<byte> block, int p)
    {
        var newline = block[p..].IndexOf((byte)'\n');
        return newline < 0 ? block.Length : p + newline + 1;
    }
}
