using System.Diagnostics;

namespace InitOS.Network.IntegrationTests;

/// <summary>dnsmasq in a peer namespace: DHCPv4 on 10.77.0.0/24 handing out DNS 10.77.0.53 and search lab.test,
/// and IPv6 router advertisements for fd77::/64 (SLAAC); optionally a host name for one MAC. No DNS service
/// (port 0).</summary>
internal sealed class DhcpServer : IDisposable
{
    public const string Router = "10.77.0.1";
    public const string NameServer = "10.77.0.53";
    public const string Search = "lab.test";
    public const string Ipv6Prefix = "fd77:";

    private readonly Process _process;
    private readonly string _dir;

    public DhcpServer(Netns ns, string link, string? hostFor = null, string? hostname = null)
    {
        ns.Ip("addr", "add", Router + "/24", "dev", link);
        ns.Ip("addr", "add", "fd77::1/64", "dev", link);
        ns.Ip("link", "set", link, "up");
        _dir = Directory.CreateTempSubdirectory("initos-dnsmasq-").FullName;
        var info = new ProcessStartInfo("ip") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in (string[])["netns", "exec", ns.Name, "dnsmasq", "--keep-in-foreground", "--log-facility=-", "--conf-file=/dev/null", "--port=0",
            "--interface=" + link, "--bind-interfaces", "--dhcp-authoritative",
            "--dhcp-range=10.77.0.50,10.77.0.99,255.255.255.0,1h", "--dhcp-option=option:router," + Router,
            "--dhcp-option=option:dns-server," + NameServer, "--dhcp-option=option:domain-search," + Search,
            "--enable-ra", "--dhcp-range=fd77::,ra-only,64",
            "--dhcp-leasefile=" + Path.Join(_dir, "leases"), "--pid-file=" + Path.Join(_dir, "pid"),
            .. hostFor is null ? Array.Empty<string>() : [$"--dhcp-host={hostFor},{hostname}"]])
        {
            info.ArgumentList.Add(a);
        }
        _process = Process.Start(info)!;
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        Assert.True(Eventually.Holds(() => File.Exists(Path.Join(_dir, "pid")) || _process.HasExited, TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(100)) && !_process.HasExited,
            "dnsmasq did not start");
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            _process.WaitForExit(10_000);
        }
        _process.Dispose();
        Directory.Delete(_dir, recursive: true);
    }
}
