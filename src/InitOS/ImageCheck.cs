using System.ComponentModel;
using System.Diagnostics;
using InitOS.Platform.Linux;

namespace InitOS;

/// <summary>
/// <c>--check-image</c> of the service personalities: proves, inside a service's image, that every program the
/// personality will run is there and starts (the image build runs it for each service, so a missing
/// program fails the build instead of a boot). A requirement with arguments is run with them and must exit 0
/// within 10 s, its output holding every expected word; one without arguments must resolve to an
/// executable file.
/// </summary>
public static class ImageCheck
{
    /// <summary>One program a personality runs.</summary>
    /// <param name="Program">A name looked up in PATH, or an absolute path.</param>
    /// <param name="Arguments">Arguments that make it print its version and exit 0; null: only check it exists.</param>
    /// <param name="Expect">Words its output must contain (busybox applets).</param>
    public sealed record Requirement(string Program, string[]? Arguments, params string[] Expect);

    /// <summary>Checks <paramref name="requirements"/>; prints one line each; 0 when all pass, 1 otherwise.</summary>
    public static int Run(string personality, IEnumerable<Requirement> requirements)
    {
        var failed = 0;
        foreach (var requirement in requirements)
        {
            var problem = Check(requirement);
            var what = requirement.Program + (requirement.Arguments is { } a ? " " + string.Join(' ', a) : "");
            if (problem is null)
            {
                Console.Out.WriteLine($"ok   {personality}: {what}");
            }
            else
            {
                Console.Out.WriteLine($"FAIL {personality}: {what}: {problem}");
                failed++;
            }
        }
        return failed == 0 ? 0 : 1;
    }

    private static string? Check(Requirement requirement)
    {
        var path = requirement.Program.StartsWith('/') ? requirement.Program : ProcessExec.Which(requirement.Program);
        if (path is null || !File.Exists(path))
        {
            return "not found";
        }
        if (requirement.Arguments is null)
        {
            return (File.GetUnixFileMode(path) & UnixFileMode.UserExecute) != 0 ? null : "not executable";
        }
        var info = new ProcessStartInfo(path) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in requirement.Arguments)
        {
            info.ArgumentList.Add(argument);
        }
        try
        {
            using var process = Process.Start(info)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(TimeSpan.FromSeconds(10)))
            {
                process.Kill(entireProcessTree: true);
                return "did not exit within 10 s";
            }
            var output = stdout.GetAwaiter().GetResult() + stderr.GetAwaiter().GetResult();
            if (process.ExitCode != 0)
            {
                return $"exit status {process.ExitCode}: {output.Trim().Split('\n')[^1]}";
            }
            var words = output.Split((char[])[' ', '\t', '\n', ','], StringSplitOptions.RemoveEmptyEntries);
            var missing = requirement.Expect.Where(e => !words.Contains(e, StringComparer.Ordinal)).ToList();
            return missing.Count == 0 ? null : $"lacks {string.Join(", ", missing)}";
        }
        catch (Win32Exception e)
        {
            return $"cannot be run: {e.Message}";
        }
    }
}
