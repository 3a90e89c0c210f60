namespace InitOS.Platform.Files;

/// <summary>
/// A write as root was refused because a component of its path is a symlink (or a hard link) that someone other
/// than root could have put there. An <see cref="IOException"/>, so the step fails, is reported and the rest go on.
/// </summary>
public sealed class SymlinkRefusedException : IOException
{
    /// <summary>Creates the exception for <paramref name="path"/>, refused because of <paramref name="component"/>.</summary>
    public SymlinkRefusedException(string path, string component, string reason)
        : base($"Refusing to write '{path}': '{component}' {reason}, not followed")
    {
        Path = path;
        Component = component;
    }

    /// <summary>The path that was to be written.</summary>
    public string Path { get; }

    /// <summary>The component (a system path, a prefix of <see cref="Path"/>) that is a symlink.</summary>
    public string Component { get; }
}
