namespace InitOS.Core.Lifecycle;

/// <summary>The kernel arguments of an installed system, as <c>grub.cfg</c> passes them to both slots.</summary>
public static class InstallArgs
{
    /// <summary>What every installed system boots with: both consoles, kernel messages to the log, reboot ten
    /// seconds after a panic (so GRUB's try counter moves on), and the state partition by label.</summary>
    public const string Base = "console=tty1 console=ttyS0 printk.devkmsg=on cryptomgr.notests panic=10 rancher.state.dev=LABEL=RANCHER_STATE rancher.state.wait";

    /// <summary><see cref="Base"/> followed by <paramref name="append"/> (trimmed; nothing when empty).</summary>
    /// <exception cref="ArgumentException"><paramref name="append"/> has a character GRUB would mangle in a menu
    /// entry (a newline or other control character, a quote, <c>;</c>, <c>$</c>, a backtick, a brace or a
    /// backslash); the message names it.</exception>
    public static string Compose(string? append)
    {
        var extra = (append ?? "").Trim();
        CheckArguments(extra, nameof(append));
        return extra.Length == 0 ? Base : Base + " " + extra;
    }

    /// <summary>Throws when <paramref name="arguments"/> could not be written unquoted on a GRUB <c>linux</c> line.</summary>
    internal static void CheckArguments(string arguments, string parameterName)
    {
        foreach (var c in arguments)
        {
            if (Describe(c) is { } what)
            {
                throw new ArgumentException(
                    $"the kernel arguments contain {what}, which GRUB would mangle in a menu entry", parameterName);
            }
        }
    }

    private static string? Describe(char c) => c switch
    {
        '\n' => "a newline",
        '\r' => "a carriage return",
        '\t' => "a tab",
        < ' ' or '\x7f' => $"the control character U+{(int)c:X4}",
        '"' => "'\"' (a double quote)",
        '\'' => "\"'\" (a single quote)",
        ';' => "';' (a semicolon)",
        '$' => "'$' (a dollar sign)",
        '`' => "'`' (a backtick)",
        '{' => "'{' (a brace)",
        '}' => "'}' (a brace)",
        '\\' => "'\\' (a backslash)",
        _ => null,
    };
}
