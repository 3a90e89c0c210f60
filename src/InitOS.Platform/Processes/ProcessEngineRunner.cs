using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using InitOS.Core.Boot;
using InitOS.Core.Ports;

namespace InitOS.Platform.Processes;

/// <summary><see cref="IEngineProcess"/> over <see cref="Process"/>, with a raw <c>/_ping</c> on the unix socket.</summary>
public sealed class ProcessEngineRunner : IEngineProcess
{
    /// <inheritdoc/>
    public IEngineHandle Start(EngineLaunch launch)
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
        StreamWriter? log = null;
        if (launch.LogFile != null)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(launch.LogFile)!);
            log = new StreamWriter(new FileStream(launch.LogFile, FileMode.Append, FileAccess.Write, FileShare.ReadWrite)) { AutoFlush = true };
        }
        var process = new Process { StartInfo = info };
        if (log != null)
        {
            var sink = log;
            void Pump(object? _, DataReceivedEventArgs e)
            {
                if (e.Data != null)
                {
                    lock (sink)
                    {
                        sink.WriteLine(e.Data);
                    }
                }
            }
            process.OutputDataReceived += Pump;
            process.ErrorDataReceived += Pump;
        }
        try
        {
            process.Start();
        }
        catch
        {
            process.Dispose();
            log?.Dispose();
            throw;
        }
        if (log != null)
        {
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
        }
        return new EngineHandle(process, log);
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
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(timeout);
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
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(timeout);
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
