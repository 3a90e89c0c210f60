using InitOS.Core.Datasources;

namespace InitOS.CloudInit.Tests;

public sealed class DatasourceListTests
{
    [Fact]
    public void Entries_split_at_the_first_colon_and_unknown_ones_are_reported()
    {
        var specs = DatasourceList.Parse(["configdrive:/media/config-2", "url:http://h:8080/cc.yml", "EC2", "vmware", "bogus", "file", "ec2"], out var problems);
        Assert.Equal(
            [new DatasourceSpec("configdrive", "/media/config-2"), new DatasourceSpec("url", "http://h:8080/cc.yml"), new DatasourceSpec("ec2", null)],
            specs);
        Assert.Equal(3, problems.Count);
        Assert.Contains(problems, p => p.Contains("'vmware' is not supported"));
        Assert.Contains(problems, p => p.Contains("Unknown datasource 'bogus'"));
        Assert.Contains(problems, p => p.Contains("'file' needs an argument"));
    }

    [Fact]
    public void Wildcard_expands_in_rancheros_order()
    {
        var specs = DatasourceList.Parse(["*"], out var problems);
        Assert.Empty(problems);
        Assert.Equal(DatasourceList.Wildcard, specs.Select(s => s.Name));
    }

    [Fact]
    public void Cloudstack_finds_its_server_at_the_default_gateway()
    {
        const string routes = "Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT\n" +
                              "eth0\t0001A8C0\t00000000\t0001\t0\t0\t0\t00FFFFFF\t0\t0\t0\n" +
                              "eth0\t00000000\t0101A8C0\t0003\t0\t0\t0\t00000000\t0\t0\t0\n";
        Assert.Equal("http://192.168.1.1/latest/", DatasourceFactory.CloudStackUrl(routes));
        Assert.Equal("http://169.254.169.254/latest/", DatasourceFactory.CloudStackUrl(null));
    }

    [Fact]
    public void Nothing_configured_looks_for_labelled_local_volumes_only()
    {
        var context = new DatasourceContext(null!, null!, "", null, TimeSpan.FromSeconds(1));
        var sources = DatasourceFactory.Create([], context);
        Assert.Equal(["configdrive (detected by label)", "nocloud (detected by label)"], sources.Select(s => s.Name));
        Assert.IsType<ConfigDriveDatasource>(sources[0]);
        Assert.IsType<NoCloudDatasource>(sources[1]);
    }
}
