using System.Runtime.CompilerServices;

namespace InitOS.Ros.Tests.Cli;

/// <summary>
/// A fact that needs the published NativeAOT binary (<c>$INITOS_BIN</c>, else <c>out/bin/initos</c> of the
/// repository). Without it the test is skipped with the reason, except under CI (<c>CI=true</c>), where a
/// missing binary is a failure: <c>make test</c> builds it first.
/// </summary>
public sealed class BinaryFactAttribute : FactAttribute
{
    public BinaryFactAttribute()
    {
        if (PublishedBinary.Path is null && Environment.GetEnvironmentVariable("CI") != "true")
        {
            Skip = "the published binary is missing: run 'make build' (or set INITOS_BIN)";
        }
    }
}

/// <summary>A theory that needs the published binary; skipped or failed as <see cref="BinaryFactAttribute"/>.</summary>
public sealed class BinaryTheoryAttribute : TheoryAttribute
{
    public BinaryTheoryAttribute()
    {
        if (PublishedBinary.Path is null && Environment.GetEnvironmentVariable("CI") != "true")
        {
            Skip = "the published binary is missing: run 'make build' (or set INITOS_BIN)";
        }
    }
}

/// <summary>Where the published binary is.</summary>
public static class PublishedBinary
{
    public static string? Path { get; } = Find();

    private static string? Find([CallerFilePath] string source = "")
    {
        var fromEnv = Environment.GetEnvironmentVariable("INITOS_BIN");
        if (!string.IsNullOrEmpty(fromEnv))
        {
            return File.Exists(fromEnv) ? System.IO.Path.GetFullPath(fromEnv) : null;
        }
        var dir = System.IO.Path.GetDirectoryName(source);
        while (dir != null && !File.Exists(System.IO.Path.Combine(dir, "InitOS.sln")))
        {
            dir = System.IO.Path.GetDirectoryName(dir);
        }
        var candidate = dir is null ? null : System.IO.Path.Combine(dir, "out", "bin", "initos");
        return candidate != null && File.Exists(candidate) ? candidate : null;
    }
}
