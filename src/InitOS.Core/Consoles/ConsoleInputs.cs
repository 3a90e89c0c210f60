namespace InitOS.Core.Consoles;

/// <summary>Everything <see cref="ConsolePlanner"/> reads: the merged config, the kernel command line and a few files.</summary>
/// <param name="Tree">The merged config tree.</param>
/// <param name="Cmdline">The text of <c>/proc/cmdline</c> (the host's: the console does not have its own).</param>
/// <param name="ReadText">Reads a file of the console's root; <c>null</c> when it does not exist.</param>
/// <param name="IsExecutable">True when a path of the console's root is an executable regular file.</param>
/// <param name="NewSalt">A fresh salt for password hashes.</param>
/// <param name="Today">Today's date, for the shadow "last changed" field.</param>
/// <param name="Exists">True when a path of the console's root exists (<c>/dev/ttyS1</c>); <c>null</c>: assume it does.</param>
public sealed record ConsoleInputs(
    Dictionary<string, object?> Tree,
    string Cmdline,
    Func<string, string?> ReadText,
    Func<string, bool> IsExecutable,
    Func<string> NewSalt,
    DateOnly Today,
    Func<string, bool>? Exists = null);
