using System.Security.Cryptography.X509Certificates;
using InitOS.Core.Config;
using InitOS.Core.Tls;
using InitOS.Platform.CloudInit;
using InitOS.Platform.Files;
using InitOS.Platform.Tls;
using InitOS.Ros.Tls;

namespace InitOS.Ros.Tests.Tls;

public class TlsGenTests
{
    private const string UserConfig = "/var/lib/rancher/conf/cloud-config.yml";

    private static string Mode(string path) => Convert.ToString((int)File.GetUnixFileMode(path), 8);

    private static Dictionary<string, object?> Stored(RosHarness ros) => YamlText.Parse(ros.Read(UserConfig), "cloud-config.yml");

    private static string? Key(Dictionary<string, object?> tree, string key) =>
        ConfigTree.TryGet(tree, key.Split('.'), out var v) ? v as string : null;

    [Fact]
    public void Server_gen_writes_the_set_with_read_only_modes_and_stores_ca_and_server_in_the_config()
    {
        using var ros = new RosHarness();
        var (code, output, error) = ros.Run("tls", "gen", "-s", "-H", "docker.example.com", "-H", "192.0.2.10");
        Assert.True(code == 0, error);
        var dir = ros.Resolve("/etc/docker/tls");
        Assert.Equal("700", Mode(dir));
        Assert.Equal(["ca-key.pem:400", "ca.pem:444", "server-cert.pem:444", "server-key.pem:400"],
            Directory.GetFiles(dir).Select(f => $"{Path.GetFileName(f)}:{Mode(f)}").Order(StringComparer.Ordinal));
        var tree = Stored(ros);
        Assert.Equal(File.ReadAllText(Path.Join(dir, "ca.pem")), Key(tree, TlsConfigKeys.CaCert));
        Assert.Equal(File.ReadAllText(Path.Join(dir, "ca-key.pem")), Key(tree, TlsConfigKeys.CaKey));
        Assert.Equal(File.ReadAllText(Path.Join(dir, "server-cert.pem")), Key(tree, TlsConfigKeys.ServerCert));
        Assert.Equal(File.ReadAllText(Path.Join(dir, "server-key.pem")), Key(tree, TlsConfigKeys.ServerKey));
        Assert.DoesNotContain("PRIVATE KEY", output + error, StringComparison.Ordinal);

        using var cert = X509Certificate2.CreateFromPem(File.ReadAllText(Path.Join(dir, "server-cert.pem")));
        var san = cert.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single();
        Assert.Equal(["docker.example.com", "localhost"], san.EnumerateDnsNames());
        Assert.Equal(["192.0.2.10", "127.0.0.1", "::1"], san.EnumerateIPAddresses().Select(a => a.ToString()));
        var eku = cert.Extensions.OfType<X509EnhancedKeyUsageExtension>().Single().EnhancedKeyUsages.Cast<System.Security.Cryptography.Oid>().Select(o => o.Value);
        Assert.Equal(["1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2"], eku);
        Assert.Equal(1080, (cert.NotAfter.ToUniversalTime() - ros.Clock.GetUtcNow().UtcDateTime).TotalDays, 3);
        Assert.Equal("CN=docker.example.com", cert.Subject);

        using var ca = X509Certificate2.CreateFromPem(File.ReadAllText(Path.Join(dir, "ca.pem")));
        Assert.Equal("O=rancher", ca.Subject);
        Assert.True(ca.Extensions.OfType<X509BasicConstraintsExtension>().Single().CertificateAuthority);
        Assert.True(ca.Extensions.OfType<X509KeyUsageExtension>().Single().KeyUsages.HasFlag(X509KeyUsageFlags.KeyCertSign));
        Assert.Equal(2048, ca.PublicKey.GetRSAPublicKey()!.KeySize);
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        Assert.True(chain.Build(cert), string.Join("; ", chain.ChainStatus.Select(s => s.StatusInformation)));
    }

    [Fact]
    public void A_second_server_gen_keeps_the_stored_ca_and_replaces_the_server_certificate()
    {
        using var ros = new RosHarness();
        Assert.Equal(0, ros.Run("tls", "gen", "-s").Code);
        var first = Stored(ros);
        Assert.Equal(0, ros.Run("tls", "generate", "--server", "--hostname", "other.example").Code);
        var second = Stored(ros);
        Assert.Equal(Key(first, TlsConfigKeys.CaCert), Key(second, TlsConfigKeys.CaCert));
        Assert.Equal(Key(first, TlsConfigKeys.CaKey), Key(second, TlsConfigKeys.CaKey));
        Assert.NotEqual(Key(first, TlsConfigKeys.ServerCert), Key(second, TlsConfigKeys.ServerCert));
        Assert.Equal(Key(second, TlsConfigKeys.CaCert), ros.Read("/etc/docker/tls/ca.pem"));
    }

    [Fact]
    public void Client_gen_writes_into_rancher_docker_dir_owned_by_rancher_and_stores_no_client_key()
    {
        using var ros = new RosHarness();
        ros.With("/etc/passwd", "root:x:0:0:root:/root:/bin/sh\nrancher:x:1100:1100::/home/rancher:/bin/bash\n");
        var (code, _, error) = ros.Run("tls", "gen");
        Assert.True(code == 0, error);
        var dir = ros.Resolve("/home/rancher/.docker");
        Assert.Equal("700", Mode(dir));
        Assert.Equal(["ca-key.pem:400", "ca.pem:444", "cert.pem:444", "key.pem:400"],
            Directory.GetFiles(dir).Select(f => $"{Path.GetFileName(f)}:{Mode(f)}").Order(StringComparer.Ordinal));
        if (Environment.IsPrivilegedProcess)
        {
            foreach (var path in Directory.GetFiles(dir).Append(dir))
            {
                Assert.Equal("1100:1100", Owner(path));
            }
        }
        var tree = Stored(ros);
        Assert.NotNull(Key(tree, TlsConfigKeys.CaCert));
        Assert.Null(Key(tree, TlsConfigKeys.ServerCert));
        using var cert = X509Certificate2.CreateFromPem(File.ReadAllText(Path.Join(dir, "cert.pem")));
        var eku = cert.Extensions.OfType<X509EnhancedKeyUsageExtension>().Single().EnhancedKeyUsages.Cast<System.Security.Cryptography.Oid>().Select(o => o.Value);
        Assert.Equal(["1.3.6.1.5.5.7.3.2"], eku);
    }

    [Theory]
    [InlineData("bad_name")]
    [InlineData("300.1.1.1")]
    [InlineData("tcp://host:2376")]
    public void A_hostname_that_is_neither_name_nor_address_is_refused_and_nothing_changes(string host)
    {
        using var ros = new RosHarness();
        var (code, _, error) = ros.Run("tls", "gen", "-s", "-H", host);
        Assert.Equal(1, code);
        Assert.Equal($"ros: tls gen: -H '{host}' is neither a host name nor an IP address", error.Split(" (give")[0]);
        Assert.False(ros.Exists(UserConfig));
        Assert.False(Directory.Exists(ros.Resolve("/etc/docker/tls")));
    }

    [Fact]
    public void A_directory_that_cannot_be_made_is_refused_before_the_config_changes()
    {
        using var ros = new RosHarness();
        var file = Path.Join(ros.Root, "a-file");
        File.WriteAllText(file, "x");
        var (code, _, error) = ros.Run("tls", "gen", "-s", "-d", Path.Join(file, "tls"));
        Assert.Equal(1, code);
        Assert.StartsWith($"ros: tls gen: cannot use '{file}/tls':", error, StringComparison.Ordinal);
        Assert.False(ros.Exists(UserConfig));
    }

    [Fact]
    public void A_stored_ca_certificate_without_its_key_is_refused()
    {
        using var ros = new RosHarness();
        ros.With(UserConfig, "rancher:\n  docker:\n    ca_cert: |\n      -----BEGIN CERTIFICATE-----\n");
        var (code, _, error) = ros.Run("tls", "gen", "-s");
        Assert.Equal(1, code);
        Assert.Contains("rancher.docker.ca_cert is set but rancher.docker.ca_key is empty", error, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unreadable_stored_ca_is_reported_without_its_key()
    {
        using var ros = new RosHarness();
        ros.With(UserConfig, "rancher:\n  docker:\n    ca_cert: not a pem\n    ca_key: SECRET-KEY-TEXT\n");
        var (code, output, error) = ros.Run("tls", "gen", "-s");
        Assert.Equal(1, code);
        Assert.StartsWith("ros: tls gen: the stored CA (rancher.docker.ca_cert, rancher.docker.ca_key) is unusable:", error, StringComparison.Ordinal);
        Assert.DoesNotContain("SECRET-KEY-TEXT", output + error, StringComparison.Ordinal);
    }

    [Fact]
    public void Needs_root_on_the_real_system()
    {
        var error = new StringWriter();
        var context = new RosContext(new RootedFileStore("/"), new RootedFileStore("/"), TextReader.Null, TextWriter.Null, error,
            new Dictionary<string, string>(), IsRoot: false);
        Assert.Equal(1, RosMain.Run(["tls", "gen", "-s"], context));
        Assert.Equal("ros: Need to be root\n", error.ToString().Replace("\r", ""));
    }

    [Fact]
    public void Help_names_every_option_and_the_defaults()
    {
        using var ros = new RosHarness();
        var (code, output, _) = ros.Run("tls", "gen", "--help");
        Assert.Equal(0, code);
        foreach (var word in new[] { "-s, --server", "-H, --hostname", "-d, --dir", "/etc/docker/tls", "/home/rancher/.docker",
            "rancher.docker.ca_cert", "rancher.docker.server_cert", "localhost, 127.0.0.1 and ::1", "1080 days" })
        {
            Assert.Contains(word, output, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void An_unknown_option_is_an_error()
    {
        using var ros = new RosHarness();
        var (code, _, error) = ros.Run("tls", "gen", "--bogus");
        Assert.NotEqual(0, code);
        Assert.Contains("--bogus", error, StringComparison.Ordinal);
    }

    [Fact]
    public void The_user_engines_start_makes_stores_and_then_rewrites_the_same_set()
    {
        using var ros = new RosHarness();
        var store = new RootedFileStore(ros.Root);
        var setup = new UserEngineTlsSetup(store, new DotNetCertificateIssuer(), new LinuxHostFiles(store));
        var tree = YamlText.Parse(File.ReadAllText(RepoRoot("rootfs/overlay/usr/share/ros/os-config.yml")), "os-config.yml");
        tree = ConfigMerge.Merge(tree, YamlText.Parse("rancher: {docker: {tls: true}}", "t"));
        var said = setup.Run(tree, "initos", ["10.0.2.15"]);
        Assert.Contains("with a new CA and server certificate for initos, localhost, 10.0.2.15, 127.0.0.1, ::1", said, StringComparison.Ordinal);
        Assert.False(ros.Exists("/etc/docker/tls/ca-key.pem"));
        var cert = ros.Read("/etc/docker/tls/server-cert.pem");
        Assert.Equal("400", Mode(ros.Resolve("/etc/docker/tls/server-key.pem")));
        Assert.Equal(cert, Key(Stored(ros), TlsConfigKeys.ServerCert));

        var reloaded = ConfigMerge.Merge(tree, Stored(ros));
        Assert.Equal(TlsAction.WriteStored, UserEngineTlsPlan.For(reloaded).Action);
        File.Delete(ros.Resolve("/etc/docker/tls/server-cert.pem"));
        Assert.Contains("from the stored certificates", setup.Run(reloaded, "initos", []), StringComparison.Ordinal);
        Assert.Equal(cert, ros.Read("/etc/docker/tls/server-cert.pem"));
    }

    [Fact]
    public void The_user_engines_start_refuses_unusable_material()
    {
        using var ros = new RosHarness();
        var store = new RootedFileStore(ros.Root);
        var setup = new UserEngineTlsSetup(store, new DotNetCertificateIssuer(), new LinuxHostFiles(store));
        var e = Assert.Throws<TlsMaterialException>(() => setup.Run(YamlText.Parse("rancher: {docker: {tls: true, ca_cert: C}}", "t"), "h", []));
        Assert.Contains("rancher.docker.ca_key is empty", e.Message, StringComparison.Ordinal);
    }

    private static string Owner(string path)
    {
        using var stat = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("stat", ["-c", "%u:%g", path]) { RedirectStandardOutput = true })!;
        var text = stat.StandardOutput.ReadToEnd().Trim();
        Assert.True(stat.WaitForExit(10_000));
        return text;
    }

    private static string RepoRoot(string relative, [System.Runtime.CompilerServices.CallerFilePath] string source = "")
    {
        var dir = Path.GetDirectoryName(source)!;
        while (!File.Exists(Path.Join(dir, "InitOS.sln")))
        {
            dir = Path.GetDirectoryName(dir)!;
        }
        return Path.Join(dir, relative);
    }
}
