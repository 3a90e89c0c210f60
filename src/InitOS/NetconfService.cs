using InitOS.Core.Boot;
using InitOS.Core.Network;
using InitOS.Core.Ports;
using InitOS.Platform.Network;

namespace InitOS;

/// <summary>
/// netconf's run: apply the plan, wait (bounded by <c>dhcp_timeout</c>) for the first leases, write
/// <c>/etc/resolv.conf</c>, log one line per link, then every <see cref="CheckInterval"/> restart DHCP clients that
/// exited (with <see cref="DhcpRestart"/> backoff) and rewrite resolv.conf when the leases' name servers change
/// (reading a few small files), until the token is cancelled. Its waits are kept on <paramref name="time"/>.
/// </summary>
public sealed class NetconfService(IFileStore files, NetworkSettings settings, NetworkApplier applier, DhcpClients dhcp,
    ISyscalls syscalls, IBootLog log, TimeProvider time)
{
    /// <summary>How often the DHCP clients and leases are checked.</summary>
    public static readonly TimeSpan CheckInterval = TimeSpan.FromSeconds(2);

    /// <summary>Restart delays of an exited DHCP client: 1 s doubling to 60 s, reset after a minute of running.</summary>
    public static readonly Backoff DhcpRestart = new(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60), TimeSpan.FromMinutes(1));

    private string? _lastDns;
    private string? _lastHostname;

    /// <summary>Writes one record, prefixed <c>netconf: </c>.</summary>
    public void Log(SyslogLevel level, string text) => log.Write(new BootRecord(level, "netconf: " + text, Environment.TickCount64));

    /// <summary>Applies <paramref name="plan"/> and supervises until <paramref name="stop"/> is cancelled; returns
    /// the exit status.</summary>
    public async Task<int> RunAsync(NetworkPlan plan, CancellationToken stop)
    {
        var started = time.GetTimestamp();
        foreach (var d in plan.Diagnostics)
        {
            Log(SyslogLevel.Warning, d);
        }
        var outcomes = await applier.ApplyAsync(plan, CancellationToken.None).ConfigureAwait(false);
        foreach (var failed in outcomes.Where(o => o.Error != null))
        {
            Log(SyslogLevel.Warning, $"Failed to {failed.Action}: {failed.Error}, continuing");
        }
        if (!settings.UserDns.IsEmpty)
        {
            // the user's DNS depends on no lease: written now, not after the DHCP wait (up to dhcp_timeout)
            WriteDns([], initial: true);
        }
        var timeout = TimeSpan.FromSeconds(settings.DhcpTimeout);
        (string Link, DhcpLease Lease)[] leases;
        try
        {
            leases = await Task.WhenAll(plan.DhcpLinks.Select(async l =>
                (Link: l, Lease: await dhcp.WaitForLeaseAsync(l, timeout, stop).ConfigureAwait(false)))).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // SIGTERM while waiting for the first leases (up to dhcp_timeout): stop now, as after supervision
            return StopClients();
        }
        foreach (var line in plan.Links)
        {
            var name = line[..line.IndexOf(':')];
            var lease = leases.FirstOrDefault(l => l.Link == name).Lease;
            var suffix = !plan.DhcpLinks.Contains(name) ? ""
                : lease?.Address is { } a ? $", lease {a}"
                : $", no lease within {settings.DhcpTimeout} s ({(dhcp.IsRunning(name) ? "dhcpcd keeps trying" : "dhcpcd exited")})";
            Log(SyslogLevel.Info, line + suffix);
        }
        WriteDns(leases, initial: true);
        Log(SyslogLevel.Notice, $"Network configured in {time.GetElapsedTime(started).TotalMilliseconds:0} ms: {plan.Actions.Count} steps, " +
            $"{outcomes.Count(o => o.Error != null)} failed, {plan.Diagnostics.Count} diagnostics; supervising {plan.DhcpLinks.Count} DHCP clients");

        while (!stop.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(CheckInterval, time, stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
            foreach (var (link, code, error) in dhcp.RestartExited(DhcpRestart))
            {
                Log(SyslogLevel.Warning, error is null
                    ? $"DHCP client of '{link}' exited ({code}), restarted"
                    : $"DHCP client of '{link}' exited ({code}) and could not be restarted: {error}");
            }
            if (settings.UserDns.IsEmpty && dhcp.Links.Count > 0)
            {
                var current = await Task.WhenAll(dhcp.Links.Select(async l =>
                    (Link: l, Lease: await dhcp.ReadLeaseAsync(l, CancellationToken.None).ConfigureAwait(false)))).ConfigureAwait(false);
                WriteDns(current, initial: false);
            }
        }
        return StopClients();
    }

    private int StopClients()
    {
        dhcp.StopAll(TimeSpan.FromSeconds(5));
        Log(SyslogLevel.Notice, "Stopped the DHCP clients; addresses stay");
        return 0;
    }

    private void SetHostname(IReadOnlyList<(string Link, DhcpLease Lease)> leases)
    {
        if (DhcpHostname.Choose(settings, leases) is not { } name || name == _lastHostname)
        {
            return;
        }
        _lastHostname = name;
        var result = syscalls.SetHostname(name);
        Log(result.IsOk ? SyslogLevel.Info : SyslogLevel.Warning, result.IsOk
            ? $"Hostname '{name}' from DHCP (no layer names one)"
            : $"Failed to set the hostname '{name}' from DHCP: {result}, continuing");
    }

    /// <summary>Writes resolv.conf from the current choice. After the first write, a moment without any DHCP server
    /// (a client restarting, a lease being renewed) keeps what is there instead of falling back to the defaults.</summary>
    private void WriteDns(IReadOnlyList<(string Link, DhcpLease Lease)> leases, bool initial)
    {
        SetHostname(leases);
        var choice = ResolvConf.Choose(settings, leases);
        if (!initial && choice is { Source: "rancher.defaults.network.dns" } && _lastDns is { Length: > 0 })
        {
            return;
        }
        if (choice is null)
        {
            if (_lastDns is null)
            {
                Log(SyslogLevel.Warning, $"No name server from rancher.network.dns, DHCP or rancher.defaults.network.dns; {ResolvConfFile.Path} left as it is");
                _lastDns = "";
            }
            return;
        }
        var content = ResolvConf.Render(choice.Value.Dns, choice.Value.Source);
        if (content == _lastDns)
        {
            return;
        }
        try
        {
            var written = ResolvConfFile.WriteInPlace(files, content);
            Log(SyslogLevel.Info, $"DNS {string.Join(' ', choice.Value.Dns.Nameservers)} from {choice.Value.Source}" + (written ? "" : " (unchanged)"));
            _lastDns = content;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Log(SyslogLevel.Warning, $"Failed to write {ResolvConfFile.Path}: {e.Message}, continuing");
        }
    }
}
