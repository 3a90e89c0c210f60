namespace InitOS.Core.Control;

/// <summary>Who may call what on the control API (no polkit: the socket's peer uid decides).</summary>
public static class ControlAccess
{
    /// <summary>The uid that may call everything.</summary>
    public const uint Root = 0;

    /// <summary>
    /// True when a caller with <paramref name="uid"/> may call <paramref name="member"/> of
    /// <paramref name="interface"/>: root may call everything; anyone else only reads —
    /// <c>Introspectable.Introspect</c>, <c>Peer.*</c> and <c>Properties.Get</c>/<c>GetAll</c> — and the bus calls
    /// every client makes on connecting (<c>org.freedesktop.DBus</c>: <c>Hello</c>, <c>AddMatch</c>, …).
    /// </summary>
    public static bool MayCall(uint uid, string? @interface, string? member)
    {
        if (uid == Root)
        {
            return true;
        }
        return (@interface, member) switch
        {
            ("org.freedesktop.DBus.Introspectable", "Introspect") => true,
            ("org.freedesktop.DBus.Peer", _) => true,
            ("org.freedesktop.DBus.Properties", "Get" or "GetAll") => true,
            ("org.freedesktop.DBus", _) => true,
            _ => false,
        };
    }

    /// <summary>The message of the AccessDenied error a refused caller gets.</summary>
    public static string DeniedMessage(uint uid, string? @interface, string? member)
        => $"Access denied: uid {uid} may only read the init's state (Introspect, Properties.Get/GetAll); '{@interface}.{member}' needs root";
}
