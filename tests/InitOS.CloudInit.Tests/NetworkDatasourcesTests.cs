using InitOS.Core.Datasources;

namespace InitOS.CloudInit.Tests;

public sealed class NetworkDatasourcesTests
{
    [Theory]
    [InlineData("ec2")]
    [InlineData("GCE")]
    [InlineData("openstack")]
    [InlineData("digitalocean")]
    [InlineData("url:http://10.0.2.2/cc.yml")]
    [InlineData("cmdline")]
    [InlineData("*")]
    public void Http_datasources_need_the_network(string entry) =>
        Assert.True(NetworkDatasources.AnyIn(["configdrive", entry]));

    [Theory]
    [InlineData()]
    [InlineData("configdrive")]
    [InlineData("nocloud", "cidata:/dev/sr0", "proxmox", "file:/var/lib/cc.yml")]
    [InlineData("vmware", "url")]
    public void Local_unknown_and_incomplete_datasources_do_not(params string[] entries) =>
        Assert.False(NetworkDatasources.AnyIn(entries));

    [Fact]
    public void Every_network_name_is_a_supported_datasource() =>
        Assert.All(NetworkDatasources.Names, name => Assert.Contains(name, DatasourceList.Supported));
}
