namespace InitOS.Platform.IntegrationTests;

/// <summary>What tier-1 tests need, and why they skip without it (never under CI=true).</summary>
internal static class Prerequisites
{
    internal static bool IsCi => Environment.GetEnvironmentVariable("CI") == "true";

    internal static string? Which(string program)
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Concat(["/usr/sbin", "/sbin", "/usr/bin", "/usr/local/bin"]))
        {
            var p = Path.Join(dir, program);
            if (dir.Length > 0 && File.Exists(p))
            {
                return p;
            }
        }
        return null;
    }

    /// <summary>Why root-only tests cannot run here, or null when they can.</summary>
    internal static string? MissingRoot() => Environment.IsPrivilegedProcess ? null : "needs root";

    /// <summary>Why docker tests cannot run here, or null when they can.</summary>
    internal static string? MissingDocker()
    {
        if (MissingRoot() is { } root)
        {
            return root;
        }
        if (Which("dockerd") == null)
        {
            return "needs dockerd (apt package docker.io; `make pid1-test` installs it)";
        }
        if (Which("docker") == null)
        {
            return "needs the docker CLI";
        }
        if (Which("busybox") == null)
        {
            return "needs busybox (apt package busybox-static) to build the test image";
        }
        return null;
    }
}

/// <summary>A fact that needs root and a dockerd binary: skipped with the reason when absent, but runs
/// (and fails) under CI=true, where `make` installs what it needs.</summary>
public sealed class RequiresDockerFactAttribute : FactAttribute
{
    /// <summary>Sets Skip when the prerequisites are missing outside CI.</summary>
    public RequiresDockerFactAttribute()
    {
        if (Prerequisites.MissingDocker() is { } reason && !Prerequisites.IsCi)
        {
            Skip = reason;
        }
    }
}
