using InitOS.Platform.Files;

namespace InitOS.Core.Tests;

/// <summary>A throw-away system root on disk for tests that read layers through the real file store.</summary>
public sealed class TempRoot : IDisposable
{
    public TempRoot()
    {
        Path = Directory.CreateTempSubdirectory("initos-test-").FullName;
        Files = new RootedFileStore(Path);
    }

    public string Path { get; }

    public RootedFileStore Files { get; }

    public TempRoot With(string systemPath, string content)
    {
        var full = Files.Resolve(systemPath);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        File.WriteAllText(full, content);
        return this;
    }

    public string Read(string systemPath) => File.ReadAllText(Files.Resolve(systemPath));

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
