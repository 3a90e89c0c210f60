using System.Text;

namespace InitOS.Core.CloudInit;

/// <summary>Decodes a <c>write_files</c> entry's content by its <c>encoding</c>.</summary>
public static class WriteFileContent
{
    /// <summary>
    /// The bytes for <paramref name="content"/>: <c>b64</c>/<c>base64</c>; <c>gz</c>/<c>gzip</c> (raw gzip text);
    /// <c>gz+b64</c>/<c>gz+base64</c>/<c>gzip+b64</c>/<c>gzip+base64</c>; empty, <c>text/plain</c> or absent = as is.
    /// Returns <c>null</c> and a reason for an unknown encoding or undecodable content.
    /// </summary>
    public static byte[]? Decode(string content, string? encoding, out string? problem)
    {
        problem = null;
        var kind = (encoding ?? "").Trim().ToLowerInvariant();
        try
        {
            switch (kind)
            {
                case "" or "text/plain":
                    return Encoding.UTF8.GetBytes(content);
                case "b64" or "base64":
                    return Convert.FromBase64String(content);
                case "gz" or "gzip":
                    return Gunzip(Encoding.Latin1.GetBytes(content), out problem);
                case "gz+b64" or "gz+base64" or "gzip+b64" or "gzip+base64":
                    return Gunzip(Convert.FromBase64String(content), out problem);
                default:
                    problem = $"unknown encoding '{encoding}'";
                    return null;
            }
        }
        catch (FormatException)
        {
            problem = $"content is not valid base64 (encoding '{encoding}')";
            return null;
        }
    }

    private static byte[]? Gunzip(byte[] data, out string? problem)
    {
        problem = null;
        if (UserDataClassifier.TryGunzip(data, out var unpacked))
        {
            return unpacked;
        }
        problem = "content is not valid gzip";
        return null;
    }

    /// <summary>Parses an octal permission string (<c>0644</c>, <c>644</c>, <c>0o644</c>) or a YAML integer.</summary>
    public static UnixFileMode? ParseMode(object? value)
    {
        switch (value)
        {
            case null:
                return (UnixFileMode)0b110_100_100;
            case long number when number is >= 0 and <= 0xFFF:
                // An unquoted 0644 is already an integer by YAML 1.1 rules (octal → 420).
                return (UnixFileMode)number;
            case string text:
                var digits = text.Trim();
                if (digits.StartsWith("0o", StringComparison.OrdinalIgnoreCase))
                {
                    digits = digits[2..];
                }
                if (digits.Length is > 0 and <= 5 && digits.All(c => c is >= '0' and <= '7'))
                {
                    var mode = Convert.ToInt32(digits, 8);
                    return mode <= 0xFFF ? (UnixFileMode)mode : null;
                }
                return null;
            default:
                return null;
        }
    }
}
