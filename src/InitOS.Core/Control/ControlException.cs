namespace InitOS.Core.Control;

/// <summary>A refusal or failure of the control API, carried to the client as the D-Bus error <see cref="Name"/>.</summary>
public sealed class ControlException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ControlException(string name, string message) : base(message) => Name = name;

    /// <summary>Creates the exception with a cause.</summary>
    public ControlException(string name, string message, Exception inner) : base(message, inner) => Name = name;

    /// <summary>Creates an exception without a name (for the serializer; use the named constructors).</summary>
    public ControlException() : this(ControlNames.ErrorFailed, "failed") { }

    /// <summary>Creates an exception named <see cref="ControlNames.ErrorFailed"/>.</summary>
    public ControlException(string message) : this(ControlNames.ErrorFailed, message) { }

    /// <summary>The D-Bus error name (<c>org.initos.Init1.Error.*</c> or a standard <c>org.freedesktop.DBus.Error.*</c>).</summary>
    public string Name { get; }
}
