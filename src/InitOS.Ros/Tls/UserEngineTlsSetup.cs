using System.Text;
using InitOS.Core.Ports;
using InitOS.Core.Tls;
using InitOS.Ros.Config;

namespace InitOS.Ros.Tls;

/// <summary>
/// Before the user engine starts with <c>rancher.docker.tls: true</c> (the <c>docker-init</c> personality, inside the
/// <c>docker</c> service's container): carries out <see cref="UserEngineTlsPlan"/>. Stored material is written where
/// <c>tls_args</c> point; missing material is made as <c>ros tls gen -s</c> makes it (names: the hostname, the host's
/// addresses, localhost and the loopback addresses) and stored into the configuration first, so the next start
/// writes the same set. Throws (<see cref="TlsMaterialException"/>, <see cref="IOException"/>, <see cref="RosException"/>)
/// when the set cannot be made or written; the caller then starts the engine without TLS.
/// </summary>
public sealed class UserEngineTlsSetup
{
    private readonly IFileStore _system;
    private readonly ICertificateIssuer _issuer;
    private readonly IHostFiles _files;

    /// <summary>Creates the set-up: the config under <paramref name="system"/>, files through <paramref name="files"/>.</summary>
    public UserEngineTlsSetup(IFileStore system, ICertificateIssuer issuer, IHostFiles files)
    {
        _system = system;
        _issuer = issuer;
        _files = files;
    }

    /// <summary>Carries out the plan for <paramref name="tree"/>; returns a one-line account of what was done.</summary>
    public string Run(Dictionary<string, object?> tree, string? hostname, IEnumerable<string> addresses)
    {
        var plan = UserEngineTlsPlan.For(tree);
        var (ca, server) = UserEngineTlsPlan.Stored(tree);
        string done;
        switch (plan.Action)
        {
            case TlsAction.None:
                return "TLS is off";
            case TlsAction.Unusable:
                throw new TlsMaterialException(plan.Problem!);
            case TlsAction.WriteStored:
                done = "from the stored certificates";
                break;
            default:
                var values = new List<KeyValuePair<string, object?>>();
                if (plan.Action == TlsAction.GenerateAll)
                {
                    ca = _issuer.CreateAuthority(TlsDefaults.Organization, TlsDefaults.ValidDays);
                    values.Add(new(TlsConfigKeys.CaCert, ca.CertificatePem));
                    values.Add(new(TlsConfigKeys.CaKey, ca.KeyPem));
                }
                var names = UserEngineTlsPlan.ServerNames(hostname, addresses);
                server = _issuer.Issue(ca, new CertificateRequestSpec(TlsRole.Server, names.DnsNames[0], names, TlsDefaults.ValidDays));
                values.Add(new(TlsConfigKeys.ServerCert, server.CertificatePem));
                values.Add(new(TlsConfigKeys.ServerKey, server.KeyPem));
                new UserConfigFile(_system).Set(values, "cannot store the user engine's certificates");
                done = (plan.Action == TlsAction.GenerateAll ? "with a new CA and server certificate" : "with a new server certificate from the stored CA")
                    + $" for {string.Join(", ", names.DnsNames.Concat(names.IpAddresses))}, stored in rancher.docker";
                break;
        }
        Write(plan.CaCertPath, ca.CertificatePem, TlsFilePlan.CertMode);
        Write(plan.CertPath, server.CertificatePem, TlsFilePlan.CertMode);
        Write(plan.KeyPath, server.KeyPem, TlsFilePlan.KeyMode);
        return $"TLS files '{plan.CaCertPath}', '{plan.CertPath}', '{plan.KeyPath}' written {done}";
    }

    private void Write(string path, string content, UnixFileMode mode) =>
        _files.WriteFile(path, Encoding.ASCII.GetBytes(content), mode, -1, -1);
}
