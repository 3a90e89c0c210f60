using System.Diagnostics;

namespace InitOS.CloudInit.Tests;

/// <summary>Runs host tools the tests need (genisoimage, mkfs.vfat, losetup).</summary>
public static class Tools
{
    public static bool Exists(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Append("/usr/sbin").Append("/sbin")
            .Any(dir => File.Exists(Path.Join(dir, tool)));

    public static string Run(string program, params string[] args)
    {
        var info = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEnd();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} {string.Join(' ', args)} exited {process.ExitCode}: {error}");
        }
        return output;
    }

    /// <summary>
    /// Makes an ISO 9660 image of <paramref name="directory"/> with volume id <paramref name="label"/>, the way
    /// users make NoCloud seeds (<c>genisoimage -volid cidata -joliet -rock</c>).
    /// </summary>
    public static string MakeIso(string directory, string label, string output)
    {
        Run("genisoimage", "-quiet", "-output", output, "-volid", label, "-joliet", "-rock", directory);
        return output;
    }

    public static bool IsRoot => Environment.UserName == "root";

    /// <summary>Under CI a missing prerequisite is a failure, never a skip.</summary>
    public static void Require(bool condition, string what)
    {
        if (!condition && Environment.GetEnvironmentVariable("CI") == "true")
        {
            Assert.Fail($"CI: {what} is required");
        }
    }
}
