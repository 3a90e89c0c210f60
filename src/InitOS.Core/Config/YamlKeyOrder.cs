namespace InitOS.Core.Config;

/// <summary>
/// The order in which map keys are written, as Go's yaml.v2 sorts them (RancherOS files are written that way):
/// letters compare by code point; any other character sorts before a letter; runs of digits compare as
/// numbers, so <c>eth2</c> comes before <c>eth10</c>; a key that is a prefix of another comes first.
/// </summary>
public sealed class YamlKeyOrder : IComparer<string>
{
    /// <summary>The one instance.</summary>
    public static readonly YamlKeyOrder Instance = new();

    /// <inheritdoc/>
    public int Compare(string? x, string? y)
    {
        if (ReferenceEquals(x, y))
        {
            return 0;
        }
        if (x is null || y is null)
        {
            return x is null ? -1 : 1;
        }
        return Less(x, y) ? -1 : Less(y, x) ? 1 : 0;
    }

    private static bool Less(string a, string b)
    {
        for (var i = 0; i < a.Length && i < b.Length; i++)
        {
            if (a[i] == b[i])
            {
                continue;
            }
            var al = char.IsLetter(a[i]);
            var bl = char.IsLetter(b[i]);
            if (al && bl)
            {
                return a[i] < b[i];
            }
            if (al || bl)
            {
                return bl;
            }
            long an = 0, bn = 0;
            if (a[i] == '0' || b[i] == '0')
            {
                // inside a number with a non-zero digit before, leading zeros do not make it smaller
                for (var j = i - 1; j >= 0 && char.IsAsciiDigit(a[j]); j--)
                {
                    if (a[j] != '0')
                    {
                        an = 1;
                        bn = 1;
                        break;
                    }
                }
            }
            int ai = i, bi = i;
            for (; ai < a.Length && char.IsAsciiDigit(a[ai]); ai++)
            {
                an = unchecked(an * 10 + (a[ai] - '0'));
            }
            for (; bi < b.Length && char.IsAsciiDigit(b[bi]); bi++)
            {
                bn = unchecked(bn * 10 + (b[bi] - '0'));
            }
            if (an != bn)
            {
                return an < bn;
            }
            if (ai != bi)
            {
                return ai < bi;
            }
            return a[i] < b[i];
        }
        return a.Length < b.Length;
    }
}
