namespace InitOS.Core.Control;

/// <summary>One D-Bus method: name, in and out arguments.</summary>
public sealed record DBusMethod(string Name, IReadOnlyList<DBusArg> In, IReadOnlyList<DBusArg> Out)
{
    /// <summary>The signature of the call's body (the in arguments' types, concatenated).</summary>
    public string InSignature => string.Concat(In.Select(a => a.Type));

    /// <summary>The signature of the reply's body.</summary>
    public string OutSignature => string.Concat(Out.Select(a => a.Type));
}
