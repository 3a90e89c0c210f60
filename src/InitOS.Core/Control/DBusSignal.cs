namespace InitOS.Core.Control;

/// <summary>One D-Bus signal: name and arguments.</summary>
public sealed record DBusSignal(string Name, IReadOnlyList<DBusArg> Args)
{
    /// <summary>The signature of the signal's body.</summary>
    public string Signature => string.Concat(Args.Select(a => a.Type));
}
