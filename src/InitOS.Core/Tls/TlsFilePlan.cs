namespace InitOS.Core.Tls;

/// <summary>
/// The files <c>ros tls gen</c> writes (reference §13): in the directory <c>ca.pem</c>, <c>ca-key.pem</c> and, for
/// a server, <c>server-cert.pem</c>/<c>server-key.pem</c>, for a client <c>cert.pem</c>/<c>key.pem</c>. The default
/// directory is <c>/etc/docker/tls</c> for a server and <c>/home/rancher/.docker</c> for a client; both are made 0700,
/// a client's owned by <c>rancher</c> with its files (so <c>docker --tlsverify</c> run as rancher can read its key).
/// Keys are 0400, certificates 0444.
/// </summary>
/// <param name="Directory">The directory the files go to.</param>
/// <param name="Files">The files, CA first.</param>
/// <param name="OwnedByUser">Whether the directory and files belong to the <c>rancher</c> user (a client set).</param>
public sealed record TlsFilePlan(string Directory, IReadOnlyList<TlsFile> Files, bool OwnedByUser)
{
    /// <summary>The server's default directory, where <c>tls_args</c> point.</summary>
    public const string ServerDirectory = "/etc/docker/tls";

    /// <summary>The client's default directory, the docker CLI's <c>DOCKER_CERT_PATH</c> default for rancher.</summary>
    public const string ClientDirectory = "/home/rancher/.docker";

    /// <summary>The user a client set belongs to.</summary>
    public const string ClientUser = "rancher";

    /// <summary>0700.</summary>
    public const UnixFileMode DirectoryMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    /// <summary>0400.</summary>
    public const UnixFileMode KeyMode = UnixFileMode.UserRead;

    /// <summary>0444.</summary>
    public const UnixFileMode CertMode = UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    /// <summary>The plan for <paramref name="role"/> into <paramref name="directory"/> (null: the role's default).</summary>
    public static TlsFilePlan For(TlsRole role, string? directory)
    {
        var dir = string.IsNullOrEmpty(directory) ? (role == TlsRole.Server ? ServerDirectory : ClientDirectory) : directory;
        dir = dir.Length > 1 ? dir.TrimEnd('/') : dir;
        var (cert, key) = role == TlsRole.Server ? ("server-cert.pem", "server-key.pem") : ("cert.pem", "key.pem");
        return new TlsFilePlan(dir,
        [
            new(Join(dir, "ca.pem"), TlsFileKind.CaCert, CertMode),
            new(Join(dir, "ca-key.pem"), TlsFileKind.CaKey, KeyMode),
            new(Join(dir, cert), TlsFileKind.Cert, CertMode),
            new(Join(dir, key), TlsFileKind.Key, KeyMode),
        ], role == TlsRole.Client);
    }

    /// <summary>The content of each file, from the CA and the leaf pair.</summary>
    public static string Content(TlsFile file, PemPair ca, PemPair leaf) => file.Kind switch
    {
        TlsFileKind.CaCert => ca.CertificatePem,
        TlsFileKind.CaKey => ca.KeyPem,
        TlsFileKind.Cert => leaf.CertificatePem,
        _ => leaf.KeyPem,
    };

    private static string Join(string dir, string name) => dir == "/" ? "/" + name : dir + "/" + name;
}
