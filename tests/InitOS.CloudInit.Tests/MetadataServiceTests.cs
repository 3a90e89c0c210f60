using System.Text;
using InitOS.Core.Datasources;
using InitOS.Platform.Net;

namespace InitOS.CloudInit.Tests;

/// <summary>Each cloud's datasource against a real HTTP server on 127.0.0.1 serving that cloud's layout.</summary>
public sealed class MetadataServiceTests : IAsyncLifetime
{
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(2);

    // Under the prober a timed-out request is a retry that waits on a fake clock nobody moves: its requests get a bound
    // far above what a loaded host needs on loopback, and the probe itself a hang guard.
    private static readonly TimeSpan ProbeRequestTimeout = HangGuard.Limit / 2;
    private readonly TestHttpServer _server = new();
    private readonly HttpMetadataFetcher _fetcher = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        _fetcher.Dispose();
        await _server.DisposeAsync();
    }

    private static Dictionary<string, string> Header(string name, string value) => new() { [name] = value };

    private void ServeEc2(bool requireToken)
    {
        TestHttpServer.Reply Guarded(TestHttpServer.Request r, string body) =>
            requireToken && r.Headers.GetValueOrDefault("X-aws-ec2-metadata-token") != "tok-123"
                ? TestHttpServer.Reply.Text("unauthorized", 401)
                : TestHttpServer.Reply.Text(body);
        void Get(string path, string body) => _server.Route("GET", path, r => Guarded(r, body));
        if (requireToken)
        {
            _server.Route("PUT", "/latest/api/token", r => r.Headers.ContainsKey("X-aws-ec2-metadata-token-ttl-seconds")
                ? TestHttpServer.Reply.Text("tok-123") : TestHttpServer.Reply.Text("missing ttl", 400));
        }
        else
        {
            _server.Route("PUT", "/latest/api/token", TestHttpServer.Reply.Text("method not allowed", 405));
        }
        Get("/latest/meta-data/instance-id", "i-0abc");
        Get("/latest/meta-data/local-hostname", "ip-10-0-0-5.ec2.internal");
        Get("/latest/meta-data/instance-type", "t2.micro");
        Get("/latest/meta-data/local-ipv4", "10.0.0.5");
        Get("/latest/meta-data/public-ipv4", "54.1.2.3");
        Get("/latest/meta-data/public-keys/", "0=alice\n1=bob");
        Get("/latest/meta-data/public-keys/0/openssh-key", "ssh-ed25519 AAAAalice alice@x\n");
        Get("/latest/meta-data/public-keys/1/openssh-key", "ssh-rsa AAAAbob bob@y");
        Get("/latest/user-data", "#cloud-config\nhostname: from-ec2\n");
    }

    [Fact]
    public async Task Ec2_uses_an_imdsv2_token_on_every_read()
    {
        ServeEc2(requireToken: true);
        var attempt = await new Ec2Datasource(_fetcher, _server.Url, RequestTimeout).TryFetchAsync(CancellationToken.None);

        Assert.Equal(ProbeState.Found, attempt.State);
        var meta = attempt.Result!.Metadata;
        Assert.Equal("ip-10-0-0-5.ec2.internal", meta.Hostname);
        Assert.Equal("i-0abc", meta.InstanceId);
        Assert.Equal("10.0.0.5", meta.PrivateIPv4);
        Assert.Equal("54.1.2.3", meta.PublicIPv4);
        Assert.Equal("/dev/xvda", meta.RootDisk);
        Assert.Equal(["alice", "bob"], meta.SshPublicKeys.Keys);
        Assert.Equal("ssh-ed25519 AAAAalice alice@x", meta.SshPublicKeys["alice"]);
        Assert.Equal("#cloud-config\nhostname: from-ec2\n", Encoding.UTF8.GetString(attempt.Result.UserData!));
        var gets = _server.Requests.Where(r => r.Method == "GET").ToList();
        Assert.NotEmpty(gets);
        Assert.All(gets, r => Assert.Equal("tok-123", r.Headers["X-aws-ec2-metadata-token"]));
        Assert.Equal("21600", _server.Requests.Single(r => r.Method == "PUT").Headers["X-aws-ec2-metadata-token-ttl-seconds"]);
    }

    [Fact]
    public async Task Ec2_falls_back_to_v1_when_the_token_request_is_refused()
    {
        ServeEc2(requireToken: false);
        var attempt = await new Ec2Datasource(_fetcher, _server.Url, RequestTimeout).TryFetchAsync(CancellationToken.None);

        Assert.Equal(ProbeState.Found, attempt.State);
        Assert.Equal("ip-10-0-0-5.ec2.internal", attempt.Result!.Metadata.Hostname);
        Assert.All(_server.Requests.Where(r => r.Method == "GET"), r => Assert.False(r.Headers.ContainsKey("X-aws-ec2-metadata-token")));
    }

    [Fact]
    public async Task Ec2_without_user_data_is_still_found()
    {
        ServeEc2(requireToken: true);
        _server.Route("GET", "/latest/user-data", TestHttpServer.Reply.Text("nope", 404));
        var attempt = await new Ec2Datasource(_fetcher, _server.Url, RequestTimeout).TryFetchAsync(CancellationToken.None);
        Assert.Equal(ProbeState.Found, attempt.State);
        Assert.Null(attempt.Result!.UserData);
    }

    [Fact]
    public async Task Ec2_malformed_key_listing_fails_the_datasource()
    {
        ServeEc2(requireToken: true);
        _server.Route("GET", "/latest/meta-data/public-keys/", r => TestHttpServer.Reply.Text("<html>oops</html>"));
        var outcome = await DatasourceProber.ProbeAsync([new Ec2Datasource(_fetcher, _server.Url, ProbeRequestTimeout)], TimeSpan.FromSeconds(5), new FakeClock(), CancellationToken.None).WaitAsync(HangGuard.Limit);
        Assert.Null(outcome.Chosen);
        Assert.Equal(ProbeState.Failed, outcome.Reports[0].State);
        Assert.Contains("Malformed public-keys listing", outcome.Reports[0].Reason);
    }

    [Fact]
    public async Task Ec2_nitro_instance_types_boot_from_nvme()
    {
        ServeEc2(requireToken: true);
        _server.Get("/latest/meta-data/instance-type", "m5.large");
        var attempt = await new Ec2Datasource(_fetcher, _server.Url, RequestTimeout).TryFetchAsync(CancellationToken.None);
        Assert.Equal("/dev/nvme0n1", attempt.Result!.Metadata.RootDisk);
    }

    [Fact]
    public async Task Slow_service_is_cut_at_the_request_timeout_and_retried()
    {
        // the server holds its answer; the real fetcher gives up at its 300 ms request timeout, on its clock
        _server.Route("PUT", "/latest/api/token", new TestHttpServer.Reply(200, "tok"u8.ToArray(), Hang: true));
        var clock = new FakeClock();
        using var fetcher = new HttpMetadataFetcher(clock);
        var source = new Ec2Datasource(fetcher, _server.Url, TimeSpan.FromMilliseconds(300));
        var fetch = source.TryFetchAsync(CancellationToken.None);
        await clock.AdvanceWhenAskedAsync(TimeSpan.FromMilliseconds(300)).WaitAsync(HangGuard.Limit);
        var attempt = await fetch.WaitAsync(HangGuard.Limit);

        Assert.Equal(ProbeState.Retry, attempt.State);
        Assert.Null(attempt.Result);
    }

    [Fact]
    public async Task Garbage_answer_counts_as_no_answer()
    {
        _server.Route("PUT", "/latest/api/token", new TestHttpServer.Reply(200, [], Garbage: true));
        var attempt = await new Ec2Datasource(_fetcher, _server.Url, RequestTimeout).TryFetchAsync(CancellationToken.None);
        Assert.Equal(ProbeState.Retry, attempt.State);
    }

    [Fact]
    public async Task Server_errors_are_retried_until_the_service_recovers()
    {
        ServeEc2(requireToken: true);
        var calls = 0;
        _server.Route("GET", "/latest/meta-data/instance-id", r =>
            Interlocked.Increment(ref calls) < 3 ? TestHttpServer.Reply.Text("busy", 503) : TestHttpServer.Reply.Text("i-late"));
        // the retry and its backoff are the prober's (DatasourceProberTests); here: 503 asks for one, and a later attempt finds
        var source = new Ec2Datasource(_fetcher, _server.Url, RequestTimeout);
        Assert.Equal(ProbeState.Retry, (await source.TryFetchAsync(CancellationToken.None)).State);
        Assert.Equal(ProbeState.Retry, (await source.TryFetchAsync(CancellationToken.None)).State);
        var found = await source.TryFetchAsync(CancellationToken.None);
        Assert.Equal("i-late", found.Result!.Metadata.InstanceId);
    }

    [Fact]
    public async Task A_reset_connection_is_sent_again_within_the_attempt()
    {
        ServeEc2(requireToken: true);
        var calls = 0;
        _server.Route("GET", "/latest/meta-data/local-ipv4", r =>
            Interlocked.Increment(ref calls) == 1 ? new TestHttpServer.Reply(200, [], Drop: true) : TestHttpServer.Reply.Text("10.0.0.9"));
        var outcome = await DatasourceProber.ProbeAsync([new Ec2Datasource(_fetcher, _server.Url, ProbeRequestTimeout)], TimeSpan.FromSeconds(8), new FakeClock(), CancellationToken.None).WaitAsync(HangGuard.Limit);
        Assert.Equal("10.0.0.9", outcome.Chosen!.Metadata.PrivateIPv4);
        Assert.Equal(1, outcome.Reports[0].Attempts);
        Assert.Equal(2, calls);
    }

    [Fact]
    public async Task A_follow_up_read_failing_with_5xx_retries_the_source_instead_of_failing_it()
    {
        ServeEc2(requireToken: true);
        var calls = 0;
        _server.Route("GET", "/latest/user-data", r =>
            Interlocked.Increment(ref calls) == 1 ? TestHttpServer.Reply.Text("busy", 503) : TestHttpServer.Reply.Text("#cloud-config\n"));
        // the failed follow-up read is DatasourceUnavailableException, which the prober retries (DatasourceProberTests)
        var source = new Ec2Datasource(_fetcher, _server.Url, RequestTimeout);
        await Assert.ThrowsAsync<DatasourceUnavailableException>(() => source.TryFetchAsync(CancellationToken.None));
        Assert.Equal(ProbeState.Found, (await source.TryFetchAsync(CancellationToken.None)).State);
    }

    [Fact]
    public async Task Gce_sends_and_checks_metadata_flavor()
    {
        var flavor = Header("Metadata-Flavor", "Google");
        _server.Route("GET", "/computeMetadata/v1/instance/?recursive=true", r => r.Headers.GetValueOrDefault("Metadata-Flavor") == "Google"
            ? TestHttpServer.Reply.Text("""
                {"id": 123456, "hostname": "vm-1.c.proj.internal",
                 "networkInterfaces": [{"ip": "10.128.0.2", "accessConfigs": [{"externalIp": "35.1.2.3"}]}],
                 "attributes": {"user-data": "#cloud-config\nhostname: g\n", "ssh-keys": "alice:ssh-rsa AAAAa alice\nbob:ssh-ed25519 AAAAb bob"}}
                """, 200, flavor)
            : TestHttpServer.Reply.Text("missing header", 403));
        _server.Get("/computeMetadata/v1/project/?recursive=true", """{"attributes": {"ssh-keys": "carol:ssh-rsa AAAAc carol"}}""", flavor);
        var attempt = await new GceDatasource(_fetcher, _server.Url + "computeMetadata/v1/", RequestTimeout).TryFetchAsync(CancellationToken.None);

        Assert.Equal(ProbeState.Found, attempt.State);
        var meta = attempt.Result!.Metadata;
        Assert.Equal("vm-1.c.proj.internal", meta.Hostname);
        Assert.Equal("123456", meta.InstanceId);
        Assert.Equal("10.128.0.2", meta.PrivateIPv4);
        Assert.Equal("35.1.2.3", meta.PublicIPv4);
        Assert.Equal(["ssh-rsa AAAAa alice", "ssh-ed25519 AAAAb bob", "ssh-rsa AAAAc carol"], meta.SshPublicKeys.Values);
        Assert.Equal("#cloud-config\nhostname: g\n", Encoding.UTF8.GetString(attempt.Result.UserData!));
    }

    [Fact]
    public async Task Gce_blocks_project_keys_when_asked()
    {
        var flavor = Header("Metadata-Flavor", "Google");
        _server.Get("/instance/?recursive=true", """{"attributes": {"ssh-keys": "a:ssh-rsa AAAAa a", "block-project-ssh-keys": "true"}}""", flavor);
        _server.Get("/project/?recursive=true", """{"attributes": {"ssh-keys": "c:ssh-rsa AAAAc c"}}""", flavor);
        var attempt = await new GceDatasource(_fetcher, _server.Url, RequestTimeout).TryFetchAsync(CancellationToken.None);
        Assert.Equal(["ssh-rsa AAAAa a"], attempt.Result!.Metadata.SshPublicKeys.Values);
    }

    [Fact]
    public async Task Answer_without_the_google_header_is_not_gce()
    {
        _server.Get("/instance/?recursive=true", """{"hostname": "imposter"}""");
        var attempt = await new GceDatasource(_fetcher, _server.Url, RequestTimeout).TryFetchAsync(CancellationToken.None);
        Assert.Equal(ProbeState.Absent, attempt.State);
    }

    [Fact]
    public async Task Azure_sends_metadata_true_and_decodes_user_data()
    {
        var userData = Convert.ToBase64String("#cloud-config\nhostname: az\n"u8.ToArray());
        _server.Route("GET", $"/metadata/instance?api-version={AzureDatasource.ApiVersion}", r => r.Headers.GetValueOrDefault("Metadata") == "true"
            ? TestHttpServer.Reply.Text($$$"""
                {"compute": {"name": "vm-az", "vmId": "uuid-1", "userData": "{{{userData}}}",
                  "publicKeys": [{"keyData": "ssh-rsa AAAAz me", "path": "/home/rancher/.ssh/authorized_keys"}]},
                 "network": {"interface": [{"ipv4": {"ipAddress": [{"privateIpAddress": "10.1.0.4", "publicIpAddress": "20.1.2.3"}]}}]}}
                """)
            : TestHttpServer.Reply.Text("""{"error": "Bad request. Required metadata header not specified"}""", 400));
        var attempt = await new AzureDatasource(_fetcher, _server.Url + "metadata/", RequestTimeout).TryFetchAsync(CancellationToken.None);

        Assert.Equal(ProbeState.Found, attempt.State);
        Assert.Equal("vm-az", attempt.Result!.Metadata.Hostname);
        Assert.Equal("10.1.0.4", attempt.Result.Metadata.PrivateIPv4);
        Assert.Equal("20.1.2.3", attempt.Result.Metadata.PublicIPv4);
        Assert.Equal(["ssh-rsa AAAAz me"], attempt.Result.Metadata.SshPublicKeys.Values);
        Assert.Equal("#cloud-config\nhostname: az\n", Encoding.UTF8.GetString(attempt.Result.UserData!));
    }

    [Fact]
    public async Task Azure_malformed_json_fails()
    {
        _server.Get($"/metadata/instance?api-version={AzureDatasource.ApiVersion}", """{"compute": {"name": """);
        var outcome = await DatasourceProber.ProbeAsync([new AzureDatasource(_fetcher, _server.Url + "metadata/", ProbeRequestTimeout)], TimeSpan.FromSeconds(5), new FakeClock(), CancellationToken.None).WaitAsync(HangGuard.Limit);
        Assert.Equal(ProbeState.Failed, outcome.Reports[0].State);
        Assert.Contains("malformed JSON", outcome.Reports[0].Reason);
    }

    [Fact]
    public async Task DigitalOcean_gives_static_interfaces_and_dns()
    {
        _server.Get("/metadata/v1.json", """
            {"droplet_id": 42, "hostname": "drop-1", "user_data": "#!/bin/sh\necho hi\n",
             "public_keys": ["ssh-rsa AAAAd do"],
             "interfaces": {
               "public": [{"ipv4": {"ip_address": "104.1.2.3", "netmask": "255.255.240.0", "gateway": "104.1.0.1"},
                           "anchor_ipv4": {"ip_address": "10.17.0.5", "netmask": "255.255.0.0"}, "mac": "aa:bb:cc:dd:ee:01"}],
               "private": [{"ipv4": {"ip_address": "10.132.0.2", "netmask": "255.255.0.0"}}]},
             "dns": {"nameservers": ["67.207.67.2", "67.207.67.3"]}}
            """);
        var attempt = await new DigitalOceanDatasource(_fetcher, _server.Url + "metadata/v1", RequestTimeout).TryFetchAsync(CancellationToken.None);

        Assert.Equal(ProbeState.Found, attempt.State);
        var meta = attempt.Result!.Metadata;
        Assert.Equal("drop-1", meta.Hostname);
        Assert.Equal("42", meta.InstanceId);
        Assert.Equal("104.1.2.3", meta.PublicIPv4);
        var network = meta.Network!;
        var interfaces = (Dictionary<string, object?>)network["interfaces"]!;
        var eth0 = (Dictionary<string, object?>)interfaces["eth0"]!;
        Assert.Equal(["104.1.2.3/20", "10.17.0.5/16"], (List<object?>)eth0["addresses"]!);
        Assert.Equal("104.1.0.1", eth0["gateway"]);
        Assert.Equal(false, eth0["dhcp"]);
        Assert.Equal(["10.132.0.2/16"], (List<object?>)((Dictionary<string, object?>)interfaces["eth1"]!)["addresses"]!);
        Assert.Equal(["67.207.67.2", "67.207.67.3"], (List<object?>)((Dictionary<string, object?>)network["dns"]!)["nameservers"]!);
        Assert.StartsWith("#!/bin/sh", Encoding.UTF8.GetString(attempt.Result.UserData!));
    }

    [Fact]
    public async Task OpenStack_metadata_service_reads_keys_and_addresses()
    {
        _server.Get("/openstack/latest/meta_data.json", """
            {"uuid": "83679162-1378-4288-a2d4-70e13ec132aa", "hostname": "os-1.novalocal", "name": "os-1",
             "public_keys": {"mykey": "ssh-rsa AAAAo os\n"}, "keys": [{"name": "mykey", "type": "ssh", "data": "ssh-rsa AAAAo os\n"}]}
            """);
        _server.Get("/openstack/latest/network_data.json", """{"networks": [{"type": "ipv4", "ip_address": "192.168.10.7"}]}""");
        _server.Get("/openstack/latest/user_data", "#cloud-config\nruncmd: [date]\n");
        var attempt = await new OpenStackDatasource(_fetcher, _server.Url, RequestTimeout).TryFetchAsync(CancellationToken.None);

        Assert.Equal(ProbeState.Found, attempt.State);
        Assert.Equal("os-1.novalocal", attempt.Result!.Metadata.Hostname);
        Assert.Equal("192.168.10.7", attempt.Result.Metadata.PrivateIPv4);
        Assert.Equal(new Dictionary<string, string> { ["mykey"] = "ssh-rsa AAAAo os" }, attempt.Result.Metadata.SshPublicKeys);
    }

    [Fact]
    public async Task Exoscale_aliyun_and_cloudstack_trees()
    {
        _server.Get("/1.0/meta-data/instance-id", "exo-1");
        _server.Get("/1.0/meta-data/local-hostname", "exo-host");
        _server.Get("/1.0/meta-data/public-ipv4", "185.1.2.3");
        _server.Get("/1.0/meta-data/public-keys", "ssh-rsa AAAAe exo");
        _server.Get("/1.0/user-data", "#cloud-config\n");
        _server.Get("/2016-01-01/meta-data/instance-id", "ali-1");
        _server.Get("/2016-01-01/meta-data/hostname", "ali-host");
        _server.Get("/2016-01-01/meta-data/private-ipv4", "172.16.0.9");
        _server.Get("/2016-01-01/meta-data/public-keys/", "0/\n");
        _server.Get("/2016-01-01/meta-data/public-keys/0/openssh-key", "ssh-rsa AAAAl ali");
        _server.Get("/latest/meta-data/instance-id", "cs-1");
        _server.Get("/latest/meta-data/local-hostname", "cs-host");
        _server.Get("/latest/meta-data/local-ipv4", "10.1.1.10");

        var exo = await new SimpleTreeDatasource(_fetcher, _server.Url + "1.0/", TreeLayout.Exoscale, RequestTimeout, "exoscale").TryFetchAsync(CancellationToken.None);
        var ali = await new SimpleTreeDatasource(_fetcher, _server.Url + "2016-01-01/", TreeLayout.Aliyun, RequestTimeout, "aliyun").TryFetchAsync(CancellationToken.None);
        var cs = await new SimpleTreeDatasource(_fetcher, _server.Url + "latest/", TreeLayout.CloudStack, RequestTimeout, "cloudstack").TryFetchAsync(CancellationToken.None);

        Assert.Equal(("exo-host", "185.1.2.3", "ssh-rsa AAAAe exo"), (exo.Result!.Metadata.Hostname, exo.Result.Metadata.PublicIPv4, exo.Result.Metadata.SshPublicKeys["0"]));
        Assert.Equal(("ali-host", "172.16.0.9", "ssh-rsa AAAAl ali"), (ali.Result!.Metadata.Hostname, ali.Result.Metadata.PrivateIPv4, ali.Result.Metadata.SshPublicKeys["0"]));
        Assert.Equal(("cs-host", "10.1.1.10", 0), (cs.Result!.Metadata.Hostname, cs.Result.Metadata.PrivateIPv4, cs.Result.Metadata.SshPublicKeys.Count));
        Assert.Null(cs.Result.UserData);
    }

    [Fact]
    public async Task Url_and_cmdline_fetch_user_data()
    {
        _server.Get("/cc.yml", "#cloud-config\nhostname: via-url\n");
        var url = await new UrlDatasource(_fetcher, _server.Url + "cc.yml", RequestTimeout).TryFetchAsync(CancellationToken.None);
        var cmdline = await new CmdlineDatasource(_fetcher, $"console=ttyS0 cloud-config-url={_server.Url}cc.yml quiet\n", RequestTimeout).TryFetchAsync(CancellationToken.None);
        var none = await new CmdlineDatasource(_fetcher, "console=ttyS0", RequestTimeout).TryFetchAsync(CancellationToken.None);
        var missing = await new UrlDatasource(_fetcher, _server.Url + "nope.yml", RequestTimeout).TryFetchAsync(CancellationToken.None);

        Assert.Equal("#cloud-config\nhostname: via-url\n", Encoding.UTF8.GetString(url.Result!.UserData!));
        Assert.Equal(url.Result.UserData, cmdline.Result!.UserData);
        Assert.Equal(ProbeState.Absent, none.State);
        Assert.Equal(ProbeState.Absent, missing.State);
    }
}
