using InitOS.Core.Tls;

namespace InitOS.Core.Tests.Tls;

public class TlsFilePlanTests
{
    private static string Text(TlsFilePlan plan) => string.Join("\n", plan.Files.Select(f =>
        $"{f.Path} {f.Kind} {Convert.ToString((int)f.Mode, 8)}"));

    [Fact]
    public void Server_set_goes_to_etc_docker_tls_with_read_only_modes()
    {
        var plan = TlsFilePlan.For(TlsRole.Server, null);
        Assert.Equal("/etc/docker/tls", plan.Directory);
        Assert.False(plan.OwnedByUser);
        Assert.Equal("""
            /etc/docker/tls/ca.pem CaCert 444
            /etc/docker/tls/ca-key.pem CaKey 400
            /etc/docker/tls/server-cert.pem Cert 444
            /etc/docker/tls/server-key.pem Key 400
            """, Text(plan));
    }

    [Fact]
    public void Client_set_goes_to_rancher_docker_dir_owned_by_the_user()
    {
        var plan = TlsFilePlan.For(TlsRole.Client, null);
        Assert.Equal("/home/rancher/.docker", plan.Directory);
        Assert.True(plan.OwnedByUser);
        Assert.Equal("""
            /home/rancher/.docker/ca.pem CaCert 444
            /home/rancher/.docker/ca-key.pem CaKey 400
            /home/rancher/.docker/cert.pem Cert 444
            /home/rancher/.docker/key.pem Key 400
            """, Text(plan));
        Assert.Equal("700", Convert.ToString((int)TlsFilePlan.DirectoryMode, 8));
    }

    [Fact]
    public void A_given_directory_replaces_the_default_and_loses_its_trailing_slash()
    {
        var plan = TlsFilePlan.For(TlsRole.Server, "/srv/tls/");
        Assert.Equal("/srv/tls", plan.Directory);
        Assert.Equal("/srv/tls/server-key.pem", plan.Files[3].Path);
    }

    [Fact]
    public void Content_maps_each_kind_to_its_half()
    {
        var ca = new PemPair("CA-CERT", "CA-KEY");
        var leaf = new PemPair("CERT", "KEY");
        var plan = TlsFilePlan.For(TlsRole.Client, null);
        Assert.Equal(["CA-CERT", "CA-KEY", "CERT", "KEY"], plan.Files.Select(f => TlsFilePlan.Content(f, ca, leaf)));
        Assert.Equal([false, true, false, true], plan.Files.Select(f => f.IsKey));
    }

    [Fact]
    public void A_pem_pair_never_shows_its_key()
    {
        Assert.DoesNotContain("SECRET", new PemPair("cert", "SECRET").ToString(), StringComparison.Ordinal);
    }
}
