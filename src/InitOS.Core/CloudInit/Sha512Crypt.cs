using System.Text;

namespace InitOS.Core.CloudInit;

/// <summary>
/// The <c>$6$</c> password hash of glibc crypt(3) (Drepper's SHA-crypt, 5000 rounds), for <c>/etc/shadow</c>.
/// </summary>
public static class Sha512Crypt
{
    private const string Alphabet = "./0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private const int Rounds = 5000;

    private static readonly int[] Order =
    [
        0, 21, 42, 22, 43, 1, 44, 2, 23, 3, 24, 45, 25, 46, 4, 47, 5, 26, 6, 27, 48, 28, 49, 7, 50, 8, 29, 9, 30, 51,
        31, 52, 10, 53, 11, 32, 12, 33, 54, 34, 55, 13, 56, 14, 35, 15, 36, 57, 37, 58, 16, 59, 17, 38, 18, 39, 60,
        40, 61, 19, 62, 20, 41,
    ];

    /// <summary>True when <paramref name="salt"/> is usable: 1–16 characters of the crypt alphabet.</summary>
    public static bool IsValidSalt(string salt) => salt.Length is > 0 and <= 16 && salt.All(Alphabet.Contains);

    /// <summary>A salt made from 12 random bytes (16 crypt-alphabet characters).</summary>
    public static string SaltFrom(ReadOnlySpan<byte> random)
    {
        var salt = new StringBuilder();
        foreach (var b in random)
        {
            salt.Append(Alphabet[b & 0x3f]);
            if (salt.Length == 16)
            {
                break;
            }
        }
        return salt.ToString();
    }

    /// <summary>Hashes <paramref name="password"/> with <paramref name="salt"/>: <c>$6$salt$hash</c>.</summary>
    public static string Hash(string password, string salt)
    {
        if (!IsValidSalt(salt))
        {
            throw new ArgumentException("salt must be 1-16 characters of [./0-9A-Za-z]", nameof(salt));
        }
        var p = Encoding.UTF8.GetBytes(password);
        var s = Encoding.ASCII.GetBytes(salt);

        var alternate = new Sha512();
        alternate.Append(p);
        alternate.Append(s);
        alternate.Append(p);
        var b = alternate.Finish();

        var main = new Sha512();
        main.Append(p);
        main.Append(s);
        AppendRepeated(main, b, p.Length);
        for (var length = p.Length; length > 0; length >>= 1)
        {
            main.Append((length & 1) != 0 ? b : p);
        }
        var c = main.Finish();

        var dp = new Sha512();
        for (var i = 0; i < p.Length; i++)
        {
            dp.Append(p);
        }
        var pBytes = Repeat(dp.Finish(), p.Length);

        var ds = new Sha512();
        for (var i = 0; i < 16 + c[0]; i++)
        {
            ds.Append(s);
        }
        var sBytes = Repeat(ds.Finish(), s.Length);

        for (var round = 0; round < Rounds; round++)
        {
            var ctx = new Sha512();
            ctx.Append((round & 1) != 0 ? pBytes : c);
            if (round % 3 != 0)
            {
                ctx.Append(sBytes);
            }
            if (round % 7 != 0)
            {
                ctx.Append(pBytes);
            }
            ctx.Append((round & 1) != 0 ? c : pBytes);
            c = ctx.Finish();
        }

        var output = new StringBuilder("$6$").Append(salt).Append('$');
        for (var i = 0; i < Order.Length; i += 3)
        {
            Encode(output, c[Order[i]], c[Order[i + 1]], c[Order[i + 2]], 4);
        }
        Encode(output, 0, 0, c[63], 2);
        return output.ToString();
    }

    private static void AppendRepeated(Sha512 ctx, byte[] block, int length)
    {
        for (; length > 64; length -= 64)
        {
            ctx.Append(block);
        }
        ctx.Append(block.AsSpan(0, length));
    }

    private static byte[] Repeat(byte[] block, int length)
    {
        var result = new byte[length];
        for (var i = 0; i < length; i++)
        {
            result[i] = block[i % 64];
        }
        return result;
    }

    private static void Encode(StringBuilder output, byte b2, byte b1, byte b0, int count)
    {
        var w = (b2 << 16) | (b1 << 8) | b0;
        for (var i = 0; i < count; i++)
        {
            output.Append(Alphabet[w & 0x3f]);
            w >>= 6;
        }
    }
}
