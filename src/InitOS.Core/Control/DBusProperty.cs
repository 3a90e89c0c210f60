namespace InitOS.Core.Control;

/// <summary>One read-only D-Bus property.</summary>
/// <param name="Name">The property's name.</param>
/// <param name="Type">Its D-Bus type signature.</param>
public sealed record DBusProperty(string Name, string Type);
