namespace InitOS.Core.Control;

/// <summary>
/// An OS transaction the init runs for a client (<c>ros os upgrade</c>, <c>ros os rollback</c>): one at a time, its
/// progress streamed, and not stopped by the client going away.
/// </summary>
/// <param name="Kind"><see cref="Upgrade"/> or <see cref="Rollback"/>.</param>
/// <param name="Image">Upgrade: the OS image (null: the release index's current one).</param>
/// <param name="Force">Upgrade: also write the running version again; rollback: also to a slot that failed its trial.</param>
/// <param name="Stage">Upgrade: only pull the image into the system engine.</param>
/// <param name="Append">Upgrade: new kernel arguments for both slots (null keeps them).</param>
public sealed record OsTransaction(string Kind, string? Image, bool Force, bool Stage, string? Append)
{
    /// <summary>The kind of <c>Manager.Upgrade</c>.</summary>
    public const string Upgrade = "upgrade";

    /// <summary>The kind of <c>Manager.Rollback</c>.</summary>
    public const string Rollback = "rollback";

    /// <summary>
    /// The error of <c>Finished</c> for a transaction canceled by <c>Cancel()</c> (or by the server stopping): the
    /// client tells a canceled transaction from a failed one by it.
    /// </summary>
    public const string CanceledMessage = "Canceled";

    /// <summary>What the transaction object's <c>Title</c> says: <c>upgrade to IMAGE</c>, <c>stage IMAGE</c>, <c>rollback</c>.</summary>
    public string Title => Kind switch
    {
        Upgrade when Stage => $"stage {Image ?? "the current image"}",
        Upgrade => $"upgrade to {Image ?? "the current image"}",
        _ => Kind,
    };

    /// <summary>The error message a second transaction gets while <paramref name="title"/> runs.</summary>
    public static string BusyMessage(string title) => $"Transaction in progress: {title}";

    /// <summary>
    /// The request a <c>Manager.Upgrade</c> or <c>Manager.Rollback</c> call's <c>a{sv}</c> options describe. Upgrade takes
    /// <c>image s</c>, <c>force b</c>, <c>stage b</c>, <c>append s</c>; rollback takes <c>force b</c>. Each entry is its
    /// key, the variant's signature and its value (a string or a bool).
    /// </summary>
    /// <exception cref="ControlException"><see cref="ControlNames.ErrorInvalidArgs"/>: an unknown key, a wrong type,
    /// an empty image, or a key given twice.</exception>
    public static OsTransaction FromOptions(string kind, IEnumerable<(string Key, string Signature, object? Value)> options)
    {
        if (kind is not (Upgrade or Rollback))
        {
            throw new ArgumentOutOfRangeException(nameof(kind), kind, "upgrade or rollback");
        }
        var known = kind == Upgrade
            ? new Dictionary<string, string>(StringComparer.Ordinal) { ["image"] = "s", ["force"] = "b", ["stage"] = "b", ["append"] = "s" }
            : new Dictionary<string, string>(StringComparer.Ordinal) { ["force"] = "b" };
        var seen = new Dictionary<string, object?>(StringComparer.Ordinal);
        string method = kind == Upgrade ? "Upgrade" : "Rollback";
        foreach (var (key, signature, value) in options)
        {
            if (!known.TryGetValue(key, out var expected))
            {
                throw Invalid($"{method}: unknown option '{key}' (known: {string.Join(", ", known.Select(k => $"{k.Key} {k.Value}"))})");
            }
            if (signature != expected)
            {
                throw Invalid($"{method}: option '{key}' is of type '{expected}', got '{signature}'");
            }
            if (!seen.TryAdd(key, value))
            {
                throw Invalid($"{method}: option '{key}' is given twice");
            }
        }
        string? image = seen.GetValueOrDefault("image") as string;
        if (image is { Length: 0 })
        {
            throw Invalid($"{method}: option 'image' is empty");
        }
        return new OsTransaction(kind, image, seen.GetValueOrDefault("force") is true, seen.GetValueOrDefault("stage") is true,
            seen.GetValueOrDefault("append") as string);
    }

    /// <summary>The <c>a{sv}</c> options of this request, as <see cref="FromOptions"/> reads them (defaults left out).</summary>
    public IReadOnlyList<(string Key, string Signature, object Value)> ToOptions()
    {
        var list = new List<(string, string, object)>();
        if (Kind == Upgrade && Image != null)
        {
            list.Add(("image", "s", Image));
        }
        if (Force)
        {
            list.Add(("force", "b", true));
        }
        if (Kind == Upgrade && Stage)
        {
            list.Add(("stage", "b", true));
        }
        if (Kind == Upgrade && Append != null)
        {
            list.Add(("append", "s", Append));
        }
        return list;
    }

    private static ControlException Invalid(string message) => new(ControlNames.ErrorInvalidArgs, message);
}
