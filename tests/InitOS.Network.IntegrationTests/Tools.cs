using System.Diagnostics;
using System.Text.Json;

namespace InitOS.Network.IntegrationTests;

/// <summary>Running programs and reading the kernel's answers.</summary>
internal static class Tools
{
    internal static string? Which(string program)
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Concat(["/usr/sbin", "/sbin", "/usr/bin"]))
        {
            var path = Path.Join(dir, program);
            if (dir.Length > 0 && File.Exists(path))
            {
                return path;
            }
        }
        return null;
    }

    /// <summary>Why the tests cannot run here, or null.</summary>
    internal static string? Missing()
    {
        if (!Environment.IsPrivilegedProcess)
        {
            return "needs root (network namespaces)";
        }
        foreach (var (program, package) in new[] { ("ip", "iproute2"), ("dnsmasq", "dnsmasq-base"), ("dhcpcd", "dhcpcd-base") })
        {
            if (Which(program) is null)
            {
                return $"needs {program} (apt package {package}; `make network-test` installs it)";
            }
        }
        return null;
    }

    /// <summary>Runs a program to completion (30 s at most); throws with its output when it fails.</summary>
    internal static string Run(string program, params string[] args)
    {
        var (code, output) = TryRun(program, args);
        if (code != 0)
        {
            throw new InvalidOperationException($"{program} {string.Join(' ', args)} exited {code}: {output}");
        }
        return output;
    }

    internal static (int Code, string Output) TryRun(string program, params string[] args)
    {
        var info = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(30_000))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} {string.Join(' ', args)} did not finish in 30 s");
        }
        return (process.ExitCode, stdout.Result + stderr.Result);
    }

    /// <summary><c>ip -n NS -j ARGS</c> parsed.</summary>
    internal static JsonElement IpJson(string ns, params string[] args) =>
        JsonDocument.Parse(Run("ip", ["-n", ns, "-j", .. args])).RootElement.Clone();

    /// <summary>The addresses (CIDR) of a link in a namespace, in the kernel's order.</summary>
    internal static List<string> Addresses(string ns, string link, string family = "inet") =>
        IpJson(ns, "addr", "show", "dev", link)[0].GetProperty("addr_info").EnumerateArray()
            .Where(a => a.GetProperty("family").GetString() == family)
            .Select(a => $"{a.GetProperty("local").GetString()}/{a.GetProperty("prefixlen").GetInt32()}").ToList();

    /// <summary>One link of <c>ip -d link show dev LINK</c>.</summary>
    internal static JsonElement Link(string ns, string link) => IpJson(ns, "-d", "link", "show", "dev", link)[0];
}
