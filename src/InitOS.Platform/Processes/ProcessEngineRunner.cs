using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using InitOS.Core.Boot;
using InitOS.Core.Ports;
using InitOS.Core.Timing;

namespace InitOS.Platform.Processes;

/// <summary><see cref="IEngineProcess"/> over <see cref="Process"/>, with a raw <c>/_ping</c> on the unix socket.</summary>
public sealed class ProcessEngineRunner : IEngineProcess
{
    private readonly Dictionary<string, OutputLog> _logs = new(StringComparer.Ordinal);

    /// <summary>The clock of the connect and ping timeouts and of the logs' retry after a failed write.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <inheritdoc/>
    public IEngineHandle Start(EngineLaunch launch, Action<string> notice)
    {
        var info = new ProcessStartInfo(launch.Program)
        {
            UseShellExecute = false,
            RedirectStandardOutput = launch.LogFile != null,
            RedirectStandardError = launch.LogFile != null,
            RedirectStandardInput = false,
        };
        foreach (var a in launch.Arguments)
        {
            info.ArgumentList.Add(a);
        }
        foreach (var e in launch.Environment)
        {
            var eq = e.IndexOf('=');
            info.Environment[e[..eq]] = e[(eq + 1)..];
        }
        var process = new Process { StartInfo = info };
        try
        {
            process.Start();
        }
        catch
        {
            process.Dispose();
            throw;
        }
        if (launch.OomScoreAdjust is { } score)
        {
            try
            {
                File.WriteAllText($"/proc/{process.Id}/oom_score_adj", score.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                notice($"Cannot set the oom_score_adj of {launch.Name} to {score}: {e.Message}, continuing");
            }
        }
        if (launch.LogFile is not { } path)
        {
            return new EngineHandle(process, null);
        }
        // Our own copiers, not Process's line events: they drain the pipes whatever happens to the file.
        var log = Acquire(path, launch.LogPolicy, notice);
        var pumps = Task.WhenAll(
            OutputLog.PumpAsync(process.StandardOutput.BaseStream, log),
            OutputLog.PumpAsync(process.StandardError.BaseStream, log));
        return new EngineHandle(process, () => Release(path, log), pumps);
    }

    private OutputLog Acquire(string path, OutputLogPolicy policy, Action<string> notice)
    {
        lock (_logs)
        {
            if (!_logs.TryGetValue(path, out var log))
            {
                log = new OutputLog(path, policy, notice, Time);
                _logs[path] = log;
            }
            log.References++;
            return log;
        }
    }

    private void Release(string path, OutputLog log)
    {
        lock (_logs)
        {
            if (--log.References == 0)
            {
                log.Close();
                _ = _logs.Remove(path);
            }
        }
    }

    /// <inheritdoc/>
    public void KillStale(string pidFile)
    {
        string text;
        try
        {
            text = File.ReadAllText(pidFile).Trim();
        }
        catch (IOException)
        {
            return;
        }
        if (int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var pid) && pid > 1)
        {
            _ = Linux.Native.Kill(pid, 9);
        }
        // A killed process can linger as a zombie until its new parent reaps it; dockerd would take the
        // pid file for a live containerd and wait for it, so the stale file goes.
        try
        {
            File.Delete(pidFile);
        }
        catch (IOException)
        {
        }
    }

    /// <inheritdoc/>
    public async Task<bool> CanConnectAsync(string socket, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var cts = new Deadline(timeout, Time, cancellationToken);
        try
        {
            using var s = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            await s.ConnectAsync(new UnixDomainSocketEndPoint(socket), cts.Token).ConfigureAwait(false);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    /// <inheritdoc/>
    public async Task<bool> PingAsync(string socket, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var cts = new Deadline(timeout, Time, cancellationToken);
        try
        {
            using var s = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            await s.ConnectAsync(new UnixDomainSocketEndPoint(socket), cts.Token).ConfigureAwait(false);
            await s.SendAsync("GET /_ping HTTP/1.0\r\nHost: docker\r\n\r\n"u8.ToArray(), SocketFlags.None, cts.Token).ConfigureAwait(false);
            var buffer = new byte[256];
            var n = await s.ReceiveAsync(buffer, SocketFlags.None, cts.Token).ConfigureAwait(false);
            var head = Encoding.ASCII.GetString(buffer, 0, n);
            return head.StartsWith("HTTP/1.", StringComparison.Ordinal) && head.Length > 12 && head.AsSpan(9, 3).SequenceEqual("200");
        }
        catch (SocketException)
        {
            return false;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }
}
