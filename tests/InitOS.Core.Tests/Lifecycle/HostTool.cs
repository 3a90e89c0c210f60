using System.Diagnostics;

namespace InitOS.Core.Tests.Lifecycle;

/// <summary>Host programs the interoperability tests run (grub-editenv, grub-script-check, sfdisk), found on PATH
/// or in the sbin directories.</summary>
internal static class HostTool
{
    internal static bool IsCi => Environment.GetEnvironmentVariable("CI") == "true";

    internal static string? Which(string program)
    {
        var path = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':');
        foreach (var dir in path.Concat(["/usr/sbin", "/sbin", "/usr/bin", "/bin"]))
        {
            var candidate = Path.Join(dir, program);
            if (dir.Length > 0 && File.Exists(candidate))
            {
                return candidate;
            }
        }
        return null;
    }

    /// <summary>Runs the program to completion (30 s at most) and returns its exit code and output.</summary>
    internal static (int Code, string Stdout, string Stderr) Run(string program, params string[] args)
    {
        var start = new ProcessStartInfo(Which(program) ?? throw new InvalidOperationException($"{program} is not installed"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }
        start.Environment["LC_ALL"] = "C";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(30_000))
        {
            process.Kill();
            throw new TimeoutException($"{program} did not finish within 30 s");
        }
        return (process.ExitCode, stdout.Result, stderr.Result);
    }
}

/// <summary>A fact that needs a host program: skipped with the reason when it is missing, except under CI
/// (<c>CI=true</c>), where a missing program is a failure.</summary>
public sealed class RequiresToolFactAttribute : FactAttribute
{
    /// <summary>Sets Skip when <paramref name="program"/> is missing outside CI.</summary>
    public RequiresToolFactAttribute(string program, string package)
    {
        if (HostTool.Which(program) is null && !HostTool.IsCi)
        {
            Skip = $"needs {program} (apt package {package})";
        }
    }
}

/// <summary>A fact that needs a host file (e.g. GRUB's boot.img from grub-pc-bin): skipped with the reason when it
/// is missing, except under CI (<c>CI=true</c>).</summary>
public sealed class RequiresFileFactAttribute : FactAttribute
{
    /// <summary>Sets Skip when <paramref name="path"/> is missing outside CI.</summary>
    public RequiresFileFactAttribute(string path, string package)
    {
        if (!File.Exists(path) && !HostTool.IsCi)
        {
            Skip = $"needs {path} (apt package {package})";
        }
    }
}
