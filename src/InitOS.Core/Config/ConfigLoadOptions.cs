namespace InitOS.Core.Config;

/// <summary>What <see cref="ConfigLoader"/> reads besides the files.</summary>
public sealed record ConfigLoadOptions
{
    /// <summary>Include the built-in layers (os-config and OEM). <c>ros config export</c> without
    /// <c>--full</c> leaves them out.</summary>
    public bool IncludeBuiltIn { get; init; } = true;

    /// <summary>Process environment, for the <c>COREOS_*</c> fallbacks of the variable substitution.</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();
}
