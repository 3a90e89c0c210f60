using InitOS.Core.Config;
using InitOS.Core.Tls;

namespace InitOS.Core.Tests.Tls;

public class UserEngineTlsPlanTests
{
    private static Dictionary<string, object?> Tree(string yaml) => YamlText.Parse(yaml, "test.yml");

    private static Dictionary<string, object?> OsConfig(string extra = "")
    {
        var tree = YamlText.Parse(File.ReadAllText(RepoPaths.File("rootfs/overlay/usr/share/ros/os-config.yml")), "os-config.yml");
        return extra.Length == 0 ? tree : ConfigMerge.Merge(tree, Tree(extra));
    }

    [Fact]
    public void Tls_off_does_nothing_and_the_engine_runs_dockerd_directly()
    {
        var tree = OsConfig();
        Assert.Equal(TlsAction.None, UserEngineTlsPlan.For(tree).Action);
        var argv = UserEngineArgv.For((Dictionary<string, object?>)((Dictionary<string, object?>)tree["rancher"]!)["docker"]!);
        Assert.Equal("dockerd", argv[0]);
        Assert.DoesNotContain("--tlsverify", argv);
    }

    [Fact]
    public void Tls_on_runs_dockerd_through_docker_init_with_the_tls_args_last()
    {
        var tree = OsConfig("rancher: {docker: {tls: true}}");
        var argv = UserEngineArgv.For((Dictionary<string, object?>)((Dictionary<string, object?>)tree["rancher"]!)["docker"]!);
        Assert.Equal(["initos", "docker-init", "--", "dockerd"], argv.Take(4));
        Assert.Equal(["--tlsverify", "--tlscacert=/etc/docker/tls/ca.pem", "--tlscert=/etc/docker/tls/server-cert.pem",
            "--tlskey=/etc/docker/tls/server-key.pem", "-H=0.0.0.0:2376"], argv.TakeLast(5));
    }

    [Fact]
    public void The_files_go_where_the_built_in_tls_args_point()
    {
        var plan = UserEngineTlsPlan.For(OsConfig("rancher: {docker: {tls: true}}"));
        Assert.Equal(TlsAction.GenerateAll, plan.Action);
        Assert.Equal(("/etc/docker/tls/ca.pem", "/etc/docker/tls/server-cert.pem", "/etc/docker/tls/server-key.pem"),
            (plan.CaCertPath, plan.CertPath, plan.KeyPath));
        Assert.Equal(TlsFilePlan.For(TlsRole.Server, null).Files.Where(f => !f.IsKey || f.Kind == TlsFileKind.Key)
            .Select(f => f.Path), [plan.CaCertPath, plan.CertPath, plan.KeyPath]);
    }

    [Fact]
    public void Paths_follow_tls_args_in_either_flag_form_and_default_to_dockerds_own()
    {
        var plan = UserEngineTlsPlan.For(Tree("rancher: {docker: {tls: true, tls_args: [--tlsverify, --tlscacert, /x/ca.pem, --tlscert=/x/c.pem]}}"));
        Assert.Equal(("/x/ca.pem", "/x/c.pem", "/root/.docker/key.pem"), (plan.CaCertPath, plan.CertPath, plan.KeyPath));
    }

    [Theory]
    [InlineData("ca_cert: C, server_cert: S, server_key: K", TlsAction.WriteStored)]
    [InlineData("ca_cert: C, ca_key: CK, server_cert: S, server_key: K", TlsAction.WriteStored)]
    [InlineData("", TlsAction.GenerateAll)]
    [InlineData("ca_key: CK", TlsAction.GenerateAll)]
    [InlineData("ca_cert: C, ca_key: CK", TlsAction.IssueServer)]
    [InlineData("ca_cert: C", TlsAction.Unusable)]
    [InlineData("server_cert: S, server_key: K", TlsAction.Unusable)]
    [InlineData("ca_cert: C, ca_key: CK, server_cert: S", TlsAction.Unusable)]
    public void Decides_from_the_stored_material(string stored, TlsAction expected)
    {
        var plan = UserEngineTlsPlan.For(Tree($"rancher: {{docker: {{tls: true{(stored.Length > 0 ? ", " + stored : "")}}}}}"));
        Assert.Equal(expected, plan.Action);
        Assert.Equal(expected == TlsAction.Unusable, plan.Problem != null);
    }

    [Fact]
    public void Tls_given_as_text_true_counts_as_on_like_the_dockerd_flags()
    {
        Assert.Equal(TlsAction.GenerateAll, UserEngineTlsPlan.For(Tree("rancher: {docker: {tls: 'true'}}")).Action);
    }

    [Fact]
    public void Without_tls_args_drops_the_trailing_run()
    {
        string[] tls = ["--tlsverify", "-H=0.0.0.0:2376"];
        Assert.Equal(["dockerd", "--group", "docker"], UserEngineTlsPlan.WithoutTlsArgs(["dockerd", "--group", "docker", .. tls], tls));
        Assert.Equal(["dockerd", "--debug"], UserEngineTlsPlan.WithoutTlsArgs(["dockerd", "--tlsverify", "--debug", "-H=0.0.0.0:2376"], tls));
        Assert.Equal(["dockerd"], UserEngineTlsPlan.WithoutTlsArgs(["dockerd"], []));
    }

    [Fact]
    public void Boot_names_are_the_hostname_then_addresses_then_loopback_without_bad_values()
    {
        var names = UserEngineTlsPlan.ServerNames("initos", ["10.0.2.15", "fe80::1%2", "2001:db8::5"]);
        Assert.Equal(["initos", "localhost"], names.DnsNames);
        Assert.Equal(["10.0.2.15", "2001:db8::5", "127.0.0.1", "::1"], names.IpAddresses);
        Assert.Empty(names.Rejected);
        Assert.Equal(["localhost"], UserEngineTlsPlan.ServerNames(null, []).DnsNames);
    }
}
