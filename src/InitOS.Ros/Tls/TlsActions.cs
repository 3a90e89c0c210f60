using System.Text;
using InitOS.Core.CloudInit;
using InitOS.Core.Config;
using InitOS.Core.Ports;
using InitOS.Core.Tls;
using InitOS.Ros.Config;

namespace InitOS.Ros.Tls;

/// <summary>
/// <c>ros tls generate</c> (reference §13): the CA from <c>rancher.docker.ca_cert</c>/<c>ca_key</c> (a new one,
/// stored there, when <c>ca_cert</c> is empty), then a new server certificate (stored in
/// <c>rancher.docker.server_cert</c>/<c>server_key</c>) or client certificate (not stored), all written into the
/// directory of <see cref="TlsFilePlan"/>. The directory is made first, so an unusable one fails before the
/// configuration changes; the configuration is written before the files, so a failed file write leaves a state a
/// second run completes. Keys are never printed.
/// </summary>
public sealed class TlsActions
{
    private readonly RosContext _context;

    /// <summary>Creates the actions over a context.</summary>
    public TlsActions(RosContext context)
    {
        _context = context;
    }

    /// <summary>Runs <c>ros tls gen</c>; returns the exit status, throws <see cref="RosException"/> on bad input.</summary>
    public int Generate(bool server, IReadOnlyList<string> hostnames, string? directory)
    {
        if (_context.System.Root == "/" && !_context.IsRoot)
        {
            throw new RosException("Need to be root");
        }
        var host = _context.Tls ?? throw new RosException("tls gen: certificates cannot be made here (no issuer wired)");
        var names = SubjectAltNames.For(hostnames);
        if (names.Rejected.Count > 0)
        {
            throw new RosException($"tls gen: -H '{names.Rejected[0]}' is neither a host name nor an IP address "
                + "(give a DNS name such as docker.example.com, an IPv4 address such as 192.0.2.10 or an IPv6 address such as 2001:db8::10)");
        }
        if (directory is { Length: 0 })
        {
            throw new RosException("tls gen: -d needs a directory");
        }
        var role = server ? TlsRole.Server : TlsRole.Client;
        var plan = TlsFilePlan.For(role, directory is null ? null : Path.GetFullPath(directory));
        var files = directory is null ? host.SystemFiles : host.HostFiles;
        var (uid, gid) = plan.OwnedByUser ? ClientOwner() : (-1, -1);
        Try(() => files.MakeDirectory(plan.Directory, TlsFilePlan.DirectoryMode, uid, gid), $"cannot use '{plan.Directory}'");

        var stored = UserEngineTlsPlan.Stored(ConfigLoader.Load(_context.System, new ConfigLoadOptions { Environment = _context.Environment }).Tree);
        var ca = stored.Ca;
        var newCa = string.IsNullOrWhiteSpace(ca.CertificatePem);
        if (newCa)
        {
            ca = host.Issuer.CreateAuthority(TlsDefaults.Organization, TlsDefaults.ValidDays);
        }
        else if (string.IsNullOrWhiteSpace(ca.KeyPem))
        {
            throw new RosException($"tls gen: {TlsConfigKeys.CaCert} is set but {TlsConfigKeys.CaKey} is empty: nothing can sign a certificate (set both, or unset both for a new CA)");
        }
        var commonName = server ? names.DnsNames[0] : TlsDefaults.ClientCommonName;
        PemPair leaf;
        try
        {
            leaf = host.Issuer.Issue(ca, new CertificateRequestSpec(role, commonName, names, TlsDefaults.ValidDays));
        }
        catch (TlsMaterialException e)
        {
            throw new RosException($"tls gen: the stored CA ({TlsConfigKeys.CaCert}, {TlsConfigKeys.CaKey}) is unusable: {e.Message}");
        }

        var values = new List<KeyValuePair<string, object?>>();
        if (newCa)
        {
            values.Add(new(TlsConfigKeys.CaCert, ca.CertificatePem));
            values.Add(new(TlsConfigKeys.CaKey, ca.KeyPem));
        }
        if (server)
        {
            values.Add(new(TlsConfigKeys.ServerCert, leaf.CertificatePem));
            values.Add(new(TlsConfigKeys.ServerKey, leaf.KeyPem));
        }
        if (values.Count > 0)
        {
            new UserConfigFile(_context.System).Set(values, "tls gen: cannot store the certificates");
        }
        foreach (var file in plan.Files)
        {
            Try(() => files.WriteFile(file.Path, Encoding.ASCII.GetBytes(TlsFilePlan.Content(file, ca, leaf)), file.Mode, uid, gid),
                $"cannot write '{file.Path}'");
        }
        _context.Out.WriteLine($"Wrote {string.Join(", ", plan.Files.Select(f => Path.GetFileName(f.Path)))} to {plan.Directory}");
        if (server)
        {
            _context.Out.WriteLine($"Server certificate for {string.Join(", ", names.DnsNames.Concat(names.IpAddresses))}, valid {TlsDefaults.ValidDays} days, stored in {TlsConfigKeys.ServerCert}/server_key");
        }
        if (newCa)
        {
            _context.Out.WriteLine($"New CA (O={TlsDefaults.Organization}) stored in {TlsConfigKeys.CaCert}/ca_key");
        }
        return 0;
    }

    /// <summary>uid and gid of <c>rancher</c> from <c>/etc/passwd</c>; RancherOS's fixed 1100:1100 when it lacks one.</summary>
    private (int, int) ClientOwner()
    {
        var accounts = new AccountFiles(_context.System.ReadText("/etc/passwd"), _context.System.ReadText("/etc/group"), null);
        return accounts.User(TlsFilePlan.ClientUser) is { } user ? (user.Uid, user.Gid) : (1100, 1100);
    }

    private static void Try(Action action, string what)
    {
        try
        {
            action();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new RosException($"tls gen: {what}: {e.Message}");
        }
    }
}
