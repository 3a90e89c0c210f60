using System.Globalization;
using System.Text;

namespace InitOS.Platform.Docker;

/// <summary>One entry of a tar stream: its path, type flag ('0' file, '5' directory, ...) and size.</summary>
internal sealed record TarEntryLite(string Name, char Type, long Size);

/// <summary>
/// A small reader of the tar streams dockerd's archive endpoint sends (ustar with PAX extended headers, as Go's
/// archive/tar writes them): enough for an OS image's /dist, and far smaller in the NativeAOT image than
/// System.Formats.Tar (the initrd budget). GNU long names ('L') are honoured; sparse files are refused.
/// Reads asynchronously only (an HTTP response stream is read without blocking a thread).
/// </summary>
internal sealed class TarReaderLite(Stream stream)
{
    private readonly byte[] _header = new byte[512];
    private long _remaining;
    private string? _paxPath;
    private long? _paxSize;

    /// <summary>The next entry, or null at the end of the archive; the previous entry's data is skipped.</summary>
    public async Task<TarEntryLite?> NextAsync(CancellationToken cancellationToken)
    {
        await SkipAsync(_remaining + Padding(_remaining), cancellationToken).ConfigureAwait(false);
        _remaining = 0;
        while (true)
        {
            if (!await ReadBlockAsync(cancellationToken).ConfigureAwait(false))
            {
                return null;
            }
            if (_header.AsSpan().IndexOfAnyExcept((byte)0) < 0)
            {
                return null; // the end-of-archive zero block
            }
            VerifyChecksum();
            var type = _header[156] == 0 ? '0' : (char)_header[156];
            var size = Octal(_header.AsSpan(124, 12), "size");
            switch (type)
            {
                case 'x':
                    ReadPax(await ReadDataAsync(size, cancellationToken).ConfigureAwait(false));
                    continue;
                case 'g':
                    _ = await ReadDataAsync(size, cancellationToken).ConfigureAwait(false);
                    continue;
                case 'L':
                    _paxPath = Encoding.UTF8.GetString(await ReadDataAsync(size, cancellationToken).ConfigureAwait(false)).TrimEnd('\0');
                    continue;
                case 'S':
                    throw new IOException("a sparse file in the archive is not supported");
            }
            var name = _paxPath ?? UstarName();
            size = _paxSize ?? size;
            _paxPath = null;
            _paxSize = null;
            _remaining = type is '0' or '7' ? size : 0;
            return new TarEntryLite(name, type, size);
        }
    }

    /// <summary>Copies the current entry's data to <paramref name="output"/>.</summary>
    public async Task CopyDataAsync(Stream output, CancellationToken cancellationToken)
    {
        var buffer = new byte[1 << 20];
        var size = _remaining;
        while (_remaining > 0)
        {
            var n = await stream.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, _remaining)), cancellationToken).ConfigureAwait(false);
            if (n == 0)
            {
                throw new EndOfStreamException("the archive ended inside a file");
            }
            await output.WriteAsync(buffer.AsMemory(0, n), cancellationToken).ConfigureAwait(false);
            _remaining -= n;
        }
        await SkipAsync(Padding(size), cancellationToken).ConfigureAwait(false);
    }

    private string UstarName()
    {
        var name = Text(_header.AsSpan(0, 100));
        var magic = Encoding.ASCII.GetString(_header, 257, 5);
        var prefix = magic == "ustar" ? Text(_header.AsSpan(345, 155)) : "";
        return prefix.Length > 0 ? prefix + "/" + name : name;
    }

    private void ReadPax(byte[] records)
    {
        var text = Encoding.UTF8.GetString(records);
        var at = 0;
        while (at < text.Length)
        {
            var space = text.IndexOf(' ', at);
            if (space < 0 || !int.TryParse(text.AsSpan(at, space - at), NumberStyles.None, CultureInfo.InvariantCulture, out var length) || length <= 0)
            {
                throw new IOException("a malformed PAX header in the archive");
            }
            var record = text.Substring(space + 1, Math.Max(0, at + length - space - 2));
            var eq = record.IndexOf('=', StringComparison.Ordinal);
            if (eq > 0)
            {
                var (key, value) = (record[..eq], record[(eq + 1)..]);
                if (key == "path")
                {
                    _paxPath = value;
                }
                else if (key == "size")
                {
                    _paxSize = long.Parse(value, NumberStyles.None, CultureInfo.InvariantCulture);
                }
            }
            at += length;
        }
    }

    private async Task<byte[]> ReadDataAsync(long size, CancellationToken cancellationToken)
    {
        if (size > 1 << 20)
        {
            throw new IOException("an extended header in the archive is larger than 1 MiB");
        }
        var data = new byte[size];
        await stream.ReadExactlyAsync(data, cancellationToken).ConfigureAwait(false);
        await SkipAsync(Padding(size), cancellationToken).ConfigureAwait(false);
        return data;
    }

    private async Task<bool> ReadBlockAsync(CancellationToken cancellationToken)
    {
        var read = 0;
        while (read < 512)
        {
            var n = await stream.ReadAsync(_header.AsMemory(read, 512 - read), cancellationToken).ConfigureAwait(false);
            if (n == 0)
            {
                return read == 0 ? false : throw new EndOfStreamException("the archive ended inside a header");
            }
            read += n;
        }
        return true;
    }

    private void VerifyChecksum()
    {
        var stored = Octal(_header.AsSpan(148, 8), "checksum");
        long sum = 0;
        for (var i = 0; i < 512; i++)
        {
            sum += i is >= 148 and < 156 ? (byte)' ' : _header[i];
        }
        if (sum != stored)
        {
            throw new IOException("a tar header with a wrong checksum: the archive is damaged");
        }
    }

    private async Task SkipAsync(long count, CancellationToken cancellationToken)
    {
        var buffer = new byte[512];
        while (count > 0)
        {
            var n = await stream.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, count)), cancellationToken).ConfigureAwait(false);
            if (n == 0)
            {
                throw new EndOfStreamException("the archive ended early");
            }
            count -= n;
        }
    }

    private static long Padding(long size) => (512 - size % 512) % 512;

    private static string Text(ReadOnlySpan<byte> field)
    {
        var end = field.IndexOf((byte)0);
        return Encoding.UTF8.GetString(end < 0 ? field : field[..end]);
    }

    private static long Octal(ReadOnlySpan<byte> field, string what)
    {
        if ((field[0] & 0x80) != 0)
        {
            // base-256 (GNU) for values that do not fit in octal
            long big = field[0] & 0x7f;
            foreach (var b in field[1..])
            {
                big = (big << 8) | b;
            }
            return big;
        }
        var text = Text(field).Trim(' ', '\0');
        return text.Length == 0 ? 0 : Convert.ToInt64(text, 8) is var v && v >= 0 ? v : throw new IOException($"a negative tar {what}");
    }
}
