using System.Runtime.CompilerServices;

namespace InitOS.Core.Tests;

/// <summary>Files of the repository, found from this source file's location.</summary>
public static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string File(string relative) => Path.Combine(Root, relative);

    private static string FindRoot([CallerFilePath] string source = "")
    {
        var dir = Path.GetDirectoryName(source)!;
        while (!System.IO.File.Exists(Path.Combine(dir, "InitOS.sln")))
        {
            dir = Path.GetDirectoryName(dir) ?? throw new InvalidOperationException("InitOS.sln not found above " + source);
        }
        return dir;
    }
}
