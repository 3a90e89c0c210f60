namespace InitOS.CloudInit.Tests;

/// <summary>A throwaway directory used as the system root (<c>INITOS_ROOT</c>) of one test.</summary>
public sealed class TempTree : IDisposable
{
    public TempTree()
    {
        Root = Directory.CreateTempSubdirectory("initos-cloudinit-").FullName;
    }

    public string Root { get; }

    /// <summary>The real path of a system path inside the tree.</summary>
    public string Path(string systemPath) => System.IO.Path.Join(Root, systemPath);

    public void Write(string systemPath, string content)
    {
        var path = Path(systemPath);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
    }

    public string? Read(string systemPath) => File.Exists(Path(systemPath)) ? File.ReadAllText(Path(systemPath)) : null;

    public UnixFileMode Mode(string systemPath) => File.GetUnixFileMode(Path(systemPath));

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A test left a mount behind; the temp dir stays for inspection.
        }
    }
}
