namespace InitOS.Core.Tls;

/// <summary>
/// What the user engine's start does for <c>rancher.docker.tls: true</c> (reference §11: RancherOS's
/// <c>ros user-docker</c> writes the TLS files from <c>rancher.docker.{ca_cert,ca_key,server_cert,server_key}</c>
/// before it starts dockerd). Decision table:
/// <list type="bullet">
/// <item><c>tls</c> not true → <see cref="TlsAction.None"/>.</item>
/// <item><c>server_cert</c>, <c>server_key</c> and <c>ca_cert</c> set → <see cref="TlsAction.WriteStored"/>.</item>
/// <item>no server pair, no <c>ca_cert</c> → <see cref="TlsAction.GenerateAll"/> (as <c>ros tls gen -s</c>).</item>
/// <item>no server pair, <c>ca_cert</c> and <c>ca_key</c> set → <see cref="TlsAction.IssueServer"/>.</item>
/// <item>otherwise (a CA certificate without its key, a server pair without a CA, half a pair) →
/// <see cref="TlsAction.Unusable"/> with the reason: stored material is never replaced behind the user's back.</item>
/// </list>
/// The files go where <c>tls_args</c> point (<c>--tlscacert</c>, <c>--tlscert</c>, <c>--tlskey</c>, as
/// <c>--flag=path</c> or <c>--flag path</c>); a flag the list lacks gets dockerd's own default
/// (<c>/root/.docker/{ca,cert,key}.pem</c>). Only these three files are written: the engine never needs the CA key.
/// </summary>
/// <param name="Action">What to do.</param>
/// <param name="CaCertPath">Where the CA certificate goes.</param>
/// <param name="CertPath">Where the server certificate goes.</param>
/// <param name="KeyPath">Where the server key goes.</param>
/// <param name="TlsArgs">The <c>tls_args</c> the command carries (removed again when TLS cannot be set up).</param>
/// <param name="Problem">Why the stored material is unusable; null otherwise.</param>
public sealed record UserEngineTlsPlan(TlsAction Action, string CaCertPath, string CertPath, string KeyPath,
    IReadOnlyList<string> TlsArgs, string? Problem)
{
    /// <summary>dockerd's default directory for the files a flag does not name.</summary>
    public const string DockerdDefaultDirectory = "/root/.docker";

    /// <summary>The plan for the merged configuration <paramref name="tree"/>.</summary>
    public static UserEngineTlsPlan For(Dictionary<string, object?> tree)
    {
        var engine = Config.ConfigTree.TryGet(tree, ["rancher", "docker"], out var map) && map is Dictionary<string, object?> m
            ? m
            : new Dictionary<string, object?>(StringComparer.Ordinal);
        var enabled = Boot.DockerDaemonArgs.TlsEnabled(engine);
        var args = Boot.DockerDaemonArgs.TlsArgs(engine);
        var ca = Flag(args, "--tlscacert") ?? DockerdDefaultDirectory + "/ca.pem";
        var cert = Flag(args, "--tlscert") ?? DockerdDefaultDirectory + "/cert.pem";
        var key = Flag(args, "--tlskey") ?? DockerdDefaultDirectory + "/key.pem";
        if (!enabled)
        {
            return new UserEngineTlsPlan(TlsAction.None, ca, cert, key, args, null);
        }
        var stored = Stored(tree);
        var caCert = !string.IsNullOrWhiteSpace(stored.Ca.CertificatePem);
        var caKey = !string.IsNullOrWhiteSpace(stored.Ca.KeyPem);
        var serverCert = !string.IsNullOrWhiteSpace(stored.Server.CertificatePem);
        var serverKey = !string.IsNullOrWhiteSpace(stored.Server.KeyPem);
        var (action, problem) = (caCert, caKey, serverCert, serverKey) switch
        {
            (true, _, true, true) => (TlsAction.WriteStored, null),
            (false, _, false, false) => (TlsAction.GenerateAll, null),
            (true, true, false, false) => (TlsAction.IssueServer, null),
            (true, false, false, false) => (TlsAction.Unusable, $"{TlsConfigKeys.CaCert} is set but {TlsConfigKeys.CaKey} is empty, so no server certificate can be issued"),
            (false, _, true, true) => (TlsAction.Unusable, $"{TlsConfigKeys.ServerCert} is set but {TlsConfigKeys.CaCert} is empty, so clients cannot be verified"),
            _ => (TlsAction.Unusable, $"only one of {TlsConfigKeys.ServerCert} and {TlsConfigKeys.ServerKey} is set"),
        };
        return new UserEngineTlsPlan(action, ca, cert, key, args, problem);
    }

    /// <summary>The CA and server pairs stored in <paramref name="tree"/> (empty strings where unset).</summary>
    public static (PemPair Ca, PemPair Server) Stored(Dictionary<string, object?> tree) =>
        (new PemPair(Str(tree, TlsConfigKeys.CaCert), Str(tree, TlsConfigKeys.CaKey)),
         new PemPair(Str(tree, TlsConfigKeys.ServerCert), Str(tree, TlsConfigKeys.ServerKey)));

    /// <summary>The names a server certificate made at boot carries: the hostname, the host's addresses, then
    /// <see cref="SubjectAltNames.Always"/>; values that are neither a name nor an address are left out.</summary>
    public static SubjectAltNames ServerNames(string? hostname, IEnumerable<string> addresses)
    {
        var all = SubjectAltNames.For((string.IsNullOrWhiteSpace(hostname) ? [] : new[] { hostname }).Concat(addresses));
        return all with { Rejected = [] };
    }

    /// <summary>
    /// <paramref name="argv"/> without <paramref name="tlsArgs"/>: the trailing run when the command ends with it
    /// (how <see cref="Boot.DockerDaemonArgs"/> appends it), else every element equal to one of them.
    /// </summary>
    public static IReadOnlyList<string> WithoutTlsArgs(IReadOnlyList<string> argv, IReadOnlyList<string> tlsArgs)
    {
        if (tlsArgs.Count == 0)
        {
            return argv;
        }
        if (argv.Count >= tlsArgs.Count && argv.Skip(argv.Count - tlsArgs.Count).SequenceEqual(tlsArgs, StringComparer.Ordinal))
        {
            return argv.Take(argv.Count - tlsArgs.Count).ToList();
        }
        return argv.Where(a => !tlsArgs.Contains(a, StringComparer.Ordinal)).ToList();
    }

    private static string? Flag(IReadOnlyList<string> args, string flag)
    {
        for (var i = 0; i < args.Count; i++)
        {
            if (args[i].StartsWith(flag + "=", StringComparison.Ordinal))
            {
                return args[i][(flag.Length + 1)..];
            }
            if (args[i] == flag && i + 1 < args.Count)
            {
                return args[i + 1];
            }
        }
        return null;
    }

    private static string Str(Dictionary<string, object?> tree, string key) =>
        Config.ConfigTree.TryGet(tree, TlsConfigKeys.PathOf(key), out var v) && v is string s ? s : "";
}
