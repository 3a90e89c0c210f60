using InitOS.Core.Services;

namespace InitOS.Core.Tests.Services;

public class ServiceCatalogueTests
{
    private static readonly Dictionary<string, string> Files = new(StringComparer.Ordinal)
    {
        ["/usr/share/ros/services/cron.yml"] = "cron:\n  image: x/cron:1\n",
        ["/usr/share/ros/services/pair.yml"] = "one:\n  image: a\ntwo:\n  image: b\n",
        ["/usr/share/ros/services/broken.yml"] = "cron: [unclosed\n",
        ["/var/lib/rancher/conf/mine.yml"] = "mine:\n  image: local/mine\n",
    };

    private static string? Read(string path) => Files.GetValueOrDefault(path);

    [Theory]
    [InlineData("cron", true)]
    [InlineData("qemu-guest-agent", true)]
    [InlineData("a.b_c-9", true)]
    [InlineData("Cron", false)]
    [InlineData("../etc/passwd", false)]
    [InlineData("-x", false)]
    [InlineData("", false)]
    public void Catalogue_names_are_plain_lowercase_words(string name, bool valid) =>
        Assert.Equal(valid, ServiceCatalogue.IsCatalogueName(name));

    [Theory]
    [InlineData("/var/lib/rancher/conf/x.yml", true)]
    [InlineData("/var/lib/rancher/conf/sub/x.yaml", true)]
    [InlineData("/var/lib/rancher/conf/../../etc/x.yml", false)]
    [InlineData("/var/lib/rancher/conf/x.txt", false)]
    [InlineData("/etc/x.yml", false)]
    [InlineData("var/lib/rancher/conf/x.yml", false)]
    public void Local_includes_must_be_yml_files_under_the_conf_directory(string path, bool valid) =>
        Assert.Equal(valid, ServiceCatalogue.IsLocalPath(path));

    [Fact]
    public void Names_come_from_the_yml_files_sorted()
    {
        Assert.Equal(["cron", "logrotate"], ServiceCatalogue.Names(["logrotate.yml", "cron.yml", "README", "Bad.yml"]));
    }

    [Fact]
    public void Enabled_includes_are_added_and_disabled_ones_are_not()
    {
        var services = new Dictionary<string, object?> { ["console"] = new Dictionary<string, object?> { ["image"] = "c" } };
        var includes = new Dictionary<string, object?> { ["cron"] = true, ["pair"] = false, ["/var/lib/rancher/conf/mine.yml"] = true };
        var (result, warnings) = ServiceCatalogue.Resolve(services, includes, Read);
        Assert.Empty(warnings);
        Assert.Equal(["console", "cron", "mine"], result.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("x/cron:1", ((Dictionary<string, object?>)result["cron"]!)["image"]);
    }

    [Fact]
    public void A_file_may_define_several_services()
    {
        var (result, _) = ServiceCatalogue.Resolve(null, new Dictionary<string, object?> { ["pair"] = true }, Read);
        Assert.Equal(["one", "two"], result.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void An_include_never_replaces_a_service_the_configuration_defines()
    {
        var services = new Dictionary<string, object?> { ["cron"] = new Dictionary<string, object?> { ["image"] = "mine/cron" } };
        var (result, warnings) = ServiceCatalogue.Resolve(services, new Dictionary<string, object?> { ["cron"] = true }, Read);
        Assert.Equal("mine/cron", ((Dictionary<string, object?>)result["cron"]!)["image"]);
        Assert.Contains(warnings, w => w.Contains("already defines", StringComparison.Ordinal));
    }

    [Fact]
    public void Missing_unparsable_and_invalid_includes_are_reported_and_the_others_still_apply()
    {
        var includes = new Dictionary<string, object?>
        {
            ["nosuch"] = true,
            ["broken"] = true,
            ["/etc/shadow"] = true,
            ["cron"] = true,
        };
        var (result, warnings) = ServiceCatalogue.Resolve(null, includes, Read);
        Assert.Equal(["cron"], result.Keys);
        Assert.Equal(3, warnings.Count);
        Assert.Contains(warnings, w => w.Contains("no service 'nosuch'", StringComparison.Ordinal));
        Assert.Contains(warnings, w => w.Contains("not valid YAML", StringComparison.Ordinal));
        Assert.Contains(warnings, w => w.Contains("neither a catalogue name", StringComparison.Ordinal));
    }

    [Fact]
    public void A_read_error_is_reported_not_thrown()
    {
        var (result, warnings) = ServiceCatalogue.Resolve(null, new Dictionary<string, object?> { ["cron"] = true }, _ => throw new IOException("EIO"));
        Assert.Empty(result);
        Assert.Contains("EIO", Assert.Single(warnings), StringComparison.Ordinal);
    }
}
