using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace InitOS.Network.IntegrationTests;

/// <summary>
/// netconf run for real inside a namespace (<c>ip netns exec NS initos netconf</c>) over a temp system root
/// (<c>INITOS_ROOT</c>) holding the shipped os-config.yml, the test's cloud-config.yml, an optional /proc/cmdline
/// and /etc/resolv.conf. The binary is <c>$INITOS_BIN</c> (the NativeAOT one, as `make network-test` passes) or
/// <c>dotnet initos.dll</c> from the build.
/// </summary>
internal sealed class NetconfRun : IDisposable
{
    private readonly Process _process;
    private readonly List<string> _lines = [];
    private readonly TaskCompletionSource _configured = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public NetconfRun(Netns ns, string root, params string[] args) : this(ns, root, ownUts: false, args)
    {
    }

    /// <summary>With <paramref name="ownUts"/>, netconf runs in a UTS namespace of its own (<c>unshare --uts</c>), so
    /// a hostname it sets stays away from the host.</summary>
    public NetconfRun(Netns ns, string root, bool ownUts, params string[] args)
    {
        string[] prefix = ownUts ? ["unshare", "--uts", "ip"] : ["ip"];
        var info = new ProcessStartInfo(prefix[0]) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in (string[])[.. prefix[1..], "netns", "exec", ns.Name, .. Command(), "netconf", .. args])
        {
            info.ArgumentList.Add(a);
        }
        info.Environment["INITOS_ROOT"] = root;
        _process = Process.Start(info)!;
        _process.OutputDataReceived += (_, e) => Collect(e.Data);
        _process.ErrorDataReceived += (_, e) => Collect(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    /// <summary>The process id (unshare and ip exec into netconf, so this is netconf's).</summary>
    public int Pid => _process.Id;

    /// <summary>Everything it printed so far.</summary>
    public string Output
    {
        get
        {
            lock (_lines)
            {
                return string.Join('\n', _lines);
            }
        }
    }

    /// <summary>Waits for the "Network configured" line (or the process ending, which fails).</summary>
    public void WaitConfigured(int seconds = 60)
    {
        var done = Task.WhenAny(_configured.Task, _process.WaitForExitAsync()).Wait(TimeSpan.FromSeconds(seconds));
        Assert.True(done && _configured.Task.IsCompleted, "netconf did not report 'Network configured':\n" + Output);
    }

    /// <summary>SIGTERM, then the exit code (within 20 s).</summary>
    public int Stop()
    {
        if (!_process.HasExited)
        {
            _ = Tools.TryRun("kill", "-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        Assert.True(_process.WaitForExit(20_000), "netconf did not stop on SIGTERM:\n" + Output);
        DrainOutput();
        return _process.ExitCode;
    }

    /// <summary>Runs to completion (for --dry-run and --help); returns the exit code and output.</summary>
    public (int Code, string Output) Finish()
    {
        Assert.True(_process.WaitForExit(60_000), "netconf did not finish:\n" + Output);
        DrainOutput();
        return (_process.ExitCode, Output);
    }

    /// <summary>Waits (5 s at most) for the end of its output: a leftover child holding the pipe must not hang the test.</summary>
    private void DrainOutput() => _ = Task.Run(() => _process.WaitForExit()).Wait(5_000);

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            _process.WaitForExit(10_000);
        }
        _process.Dispose();
    }

    private void Collect(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (_lines)
        {
            _lines.Add(line);
        }
        if (line.Contains("Network configured", StringComparison.Ordinal))
        {
            _configured.TrySetResult();
        }
    }

    private static string[] Command()
    {
        if (Environment.GetEnvironmentVariable("INITOS_BIN") is { Length: > 0 } bin)
        {
            return [Path.GetFullPath(bin)];
        }
#if DEBUG
        const string configuration = "Debug";
#else
        const string configuration = "Release";
#endif
        var dll = Path.Join(RepoRoot(), "src", "InitOS", "bin", configuration, "net10.0", "linux-x64", "initos.dll");
        Assert.True(File.Exists(dll), $"{dll} is missing: build src/InitOS or set INITOS_BIN");
        return [Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet", dll];
    }

    internal static string RepoRoot([CallerFilePath] string source = "") =>
        Path.GetFullPath(Path.Join(Path.GetDirectoryName(source)!, "..", ".."));
}
