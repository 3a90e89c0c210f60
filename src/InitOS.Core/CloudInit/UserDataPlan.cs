namespace InitOS.Core.CloudInit;

/// <summary>What user-data turned out to hold, ready to be saved.</summary>
/// <param name="CloudConfig">Text for <c>cloud-config.d/boot.yml</c> (verbatim when it came as one
/// <c>#cloud-config</c> document); <c>null</c> when there is none or it is invalid.</param>
/// <param name="Script">Text for <c>cloud-config-script</c>; <c>null</c> when none.</param>
/// <param name="Problems">Why parts were not saved (invalid YAML with line/column, unrecognised format …).</param>
/// <param name="Notes">Parts and formats noticed but not applied, by name.</param>
public sealed record UserDataPlan(string? CloudConfig, string? Script, IReadOnlyList<string> Problems, IReadOnlyList<string> Notes)
{
    /// <summary>True when there was no user-data at all.</summary>
    public bool IsEmpty => CloudConfig is null && Script is null && Problems.Count == 0 && Notes.Count == 0;
}
