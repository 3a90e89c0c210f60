using System.ComponentModel;
using System.Diagnostics;
using InitOS.Core.Boot;
using InitOS.Core.Network;
using InitOS.Platform.Linux;

namespace InitOS.Platform.Network;

/// <summary>
/// The DHCP clients netconf supervises: one foreground <c>dhcpcd</c> per link, started with
/// <see cref="Process"/> (so the runtime reaps it), its output going to netconf's own stdout/stderr (the container
/// log). Leases are read from the files the hook script (<see cref="DhcpLease.HookScript"/>, written to
/// <paramref name="hookPath"/>) records under <paramref name="stateDirectory"/>: asking dhcpcd 9 itself
/// (<c>dhcpcd -U</c> over its control socket) proved unreliable under privilege separation ("cannot handle another
/// client", read timeouts). Restart delays and lease waits are kept on <paramref name="time"/>.
/// </summary>
public sealed class DhcpClients(string hookPath, string stateDirectory, TimeProvider time) : IDisposable
{
    private readonly Dictionary<string, Client> _clients = new(StringComparer.Ordinal);
    private bool _hookWritten;

    /// <summary>The links with a client, in start order.</summary>
    public IReadOnlyList<string> Links => _clients.Keys.ToList();

    /// <summary>Starts the client for <paramref name="link"/> (stopping one started before); null on success.</summary>
    public string? Start(string link, IReadOnlyList<string> argv)
    {
        if (_clients.Remove(link, out var old))
        {
            Stop(old, TimeSpan.FromSeconds(5));
        }
        try
        {
            WriteHook();
            File.Delete(LeaseFile(link));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return $"cannot write the dhcpcd hook '{hookPath}': {e.Message}";
        }
        var client = new Client(argv);
        _clients[link] = client;
        return client.Launch(time.GetUtcNow());
    }

    /// <summary>Whether the client of <paramref name="link"/> is running.</summary>
    public bool IsRunning(string link) => _clients.TryGetValue(link, out var c) && c.IsAlive;

    /// <summary>
    /// Starts again every client that exited, each after its <paramref name="policy"/> delay (counted from its exit;
    /// a run longer than the policy's reset time starts the count again); returns the links restarted, the exit
    /// code and why a restart failed.
    /// </summary>
    public IReadOnlyList<(string Link, int? ExitCode, string? Error)> RestartExited(Backoff policy)
    {
        var result = new List<(string, int?, string?)>();
        var now = time.GetUtcNow();
        foreach (var (link, client) in _clients)
        {
            if (client.IsAlive)
            {
                continue;
            }
            if (client.ExitSeenAt is null)
            {
                client.ExitSeenAt = now;
                client.Attempt = policy.NextAttempt(client.Attempt, now - client.StartedAt);
            }
            if (now - client.ExitSeenAt < policy.Delay(client.Attempt))
            {
                continue;
            }
            DhcpcdHelpers.Stop(link);
            result.Add((link, client.ExitCode, client.Launch(time.GetUtcNow())));
        }
        return result;
    }

    /// <summary>The current lease of <paramref name="link"/> (no address when there is none yet).</summary>
    public async Task<DhcpLease> ReadLeaseAsync(string link, CancellationToken cancellationToken)
    {
        try
        {
            return DhcpLease.Parse(await File.ReadAllTextAsync(LeaseFile(link), cancellationToken).ConfigureAwait(false));
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return DhcpLease.Parse("");
        }
    }

    private string LeaseFile(string link) => Path.Join(stateDirectory, link + ".env");

    private void WriteHook()
    {
        if (_hookWritten)
        {
            return;
        }
        Directory.CreateDirectory(Path.GetDirectoryName(hookPath)!);
        Directory.CreateDirectory(stateDirectory);
        File.WriteAllText(hookPath, DhcpLease.HookScript(stateDirectory));
        File.SetUnixFileMode(hookPath, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute |
            UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        _hookWritten = true;
    }

    /// <summary>
    /// Waits until <paramref name="link"/> has a lease, its client has exited, or <paramref name="timeout"/> has
    /// passed (polling the hook's file every 250 ms).
    /// </summary>
    public async Task<DhcpLease> WaitForLeaseAsync(string link, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = time.GetUtcNow() + timeout;
        while (true)
        {
            var lease = await ReadLeaseAsync(link, cancellationToken).ConfigureAwait(false);
            if (lease.Address != null || !IsRunning(link) || time.GetUtcNow() >= deadline)
            {
                return lease;
            }
            await Task.Delay(TimeSpan.FromMilliseconds(250), time, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Stops every client: SIGTERM (dhcpcd then exits and, being <c>--persistent</c>, leaves the address),
    /// SIGKILL after <paramref name="timeout"/>.</summary>
    public void StopAll(TimeSpan timeout)
    {
        foreach (var client in _clients.Values)
        {
            _ = client.IsAlive && Native.Kill(client.Pid, 15) == 0;
        }
        foreach (var client in _clients.Values)
        {
            Stop(client, timeout);
        }
        if (_clients.Count > 0)
        {
            DhcpcdHelpers.Stop(null);
        }
        _clients.Clear();
    }

    /// <inheritdoc/>
    public void Dispose() => StopAll(TimeSpan.FromSeconds(5));

    private static void Stop(Client client, TimeSpan timeout)
    {
        if (client.IsAlive)
        {
            _ = Native.Kill(client.Pid, 15);
            if (!client.WaitForExit(timeout))
            {
                _ = Native.Kill(client.Pid, 9);
                _ = client.WaitForExit(TimeSpan.FromSeconds(5));
            }
        }
        client.Dispose();
    }

    private sealed class Client(IReadOnlyList<string> argv) : IDisposable
    {
        private Process? _process;

        public DateTimeOffset StartedAt { get; private set; }

        /// <summary>When the supervisor first saw it exited; null while it runs.</summary>
        public DateTimeOffset? ExitSeenAt { get; set; }

        /// <summary>The restart attempt (<see cref="Backoff.NextAttempt"/>).</summary>
        public int Attempt { get; set; }

        public bool IsAlive => _process is { HasExited: false };

        public int Pid => _process?.Id ?? 0;

        public int? ExitCode => _process is { HasExited: true } p ? p.ExitCode : null;

        public string? Launch(DateTimeOffset now)
        {
            _process?.Dispose();
            _process = null;
            StartedAt = now;
            ExitSeenAt = null;
            var info = new ProcessStartInfo(argv[0]) { UseShellExecute = false };
            foreach (var a in argv.Skip(1))
            {
                info.ArgumentList.Add(a);
            }
            try
            {
                _process = Process.Start(info);
                return _process is null ? $"'{argv[0]}' did not start" : null;
            }
            catch (Win32Exception e)
            {
                return $"cannot start '{argv[0]}': {e.Message}";
            }
        }

        public bool WaitForExit(TimeSpan timeout) => _process is null || _process.WaitForExit(timeout);

        public void Dispose() => _process?.Dispose();
    }
}
