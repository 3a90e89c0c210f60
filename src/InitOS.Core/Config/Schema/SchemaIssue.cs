namespace InitOS.Core.Config.Schema;

/// <summary>One place where a config tree does not fit the schema.</summary>
/// <param name="Path">Dotted key path of the offending value (items of lists by index).</param>
/// <param name="Message">What is wrong, in the words of the check that found it.</param>
/// <param name="KeyPath">The key path used to look up the source position (the nearest map key).</param>
public sealed record SchemaIssue(string Path, string Message, string KeyPath)
{
    /// <summary>The nearest map key above (or at) the offending value, as steps from the root: map keys, and
    /// list indices in decimal where the way runs through a list. A layer drops the value at this place
    /// (<see cref="BadKeys.Remove"/>). Empty for the issues of <see cref="SchemaChecker.Validate"/>.</summary>
    public IReadOnlyList<string> Target { get; init; } = [];
}
