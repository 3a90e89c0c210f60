namespace InitOS.Core.Cmdline;

/// <summary>One config argument of the kernel command line.</summary>
/// <param name="Text">The argument as written (with its <c>cc.</c> prefix, if any): what a diagnostic quotes.</param>
/// <param name="Keys">The key path it sets.</param>
/// <param name="Value">The value, typed by <see cref="Config.ConfigValueText"/>.</param>
public sealed record KernelArgument(string Text, IReadOnlyList<string> Keys, object? Value);
