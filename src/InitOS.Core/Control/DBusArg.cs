namespace InitOS.Core.Control;

/// <summary>One argument of a D-Bus method or signal.</summary>
/// <param name="Name">The argument's name.</param>
/// <param name="Type">Its D-Bus type signature (<c>s</c>, <c>u</c>, <c>a(ssttts)</c>, …).</param>
public sealed record DBusArg(string Name, string Type);
