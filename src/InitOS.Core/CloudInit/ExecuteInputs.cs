namespace InitOS.Core.CloudInit;

/// <summary>Everything the execute planner reads: the merged config and the current state of a few files.</summary>
/// <param name="Tree">The merged config tree (meta-data already merged in).</param>
/// <param name="Phase">Which parts to plan.</param>
/// <param name="ReadText">Reads a system file; <c>null</c> when it does not exist (passwd, group, shadow, authorized_keys, hosts, stamps).</param>
/// <param name="NewSalt">A fresh random salt for password hashes (16 characters of <c>[./0-9A-Za-z]</c>).</param>
/// <param name="Today">Today's date, for the shadow "last changed" field.</param>
public sealed record ExecuteInputs(
    Dictionary<string, object?> Tree,
    ExecutePhase Phase,
    Func<string, string?> ReadText,
    Func<string> NewSalt,
    DateOnly Today);
