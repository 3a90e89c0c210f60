using System.Net;
using System.Text;
using InitOS.Platform.Net;

namespace InitOS.Ros.Tests.Service;

/// <summary>rancher.repositories against a real HTTP server on 127.0.0.1 (HttpListener), through the real fetcher.</summary>
public sealed class RepositoryTests : IDisposable
{
    private readonly HttpListener _server = new();
    private readonly Dictionary<string, string> _files = new(StringComparer.Ordinal);
    private readonly string _url;

    public RepositoryTests()
    {
        for (var attempt = 0; ; attempt++)
        {
            var port = Random.Shared.Next(20000, 60000);
            _url = $"http://127.0.0.1:{port}/os-services/";
            try
            {
                _server.Prefixes.Clear();
                _server.Prefixes.Add(_url);
                _server.Start();
                break;
            }
            catch (HttpListenerException) when (attempt < 20)
            {
            }
        }
        _ = Task.Run(ServeAsync);
    }

    private async Task ServeAsync()
    {
        while (_server.IsListening)
        {
            HttpListenerContext request;
            try
            {
                request = await _server.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }
            var path = request.Request.Url!.AbsolutePath;
            if (_files.TryGetValue(path, out var body))
            {
                var bytes = Encoding.UTF8.GetBytes(body);
                request.Response.StatusCode = 200;
                await request.Response.OutputStream.WriteAsync(bytes);
            }
            else
            {
                request.Response.StatusCode = 404;
            }
            request.Response.Close();
        }
    }

    private RosHarness Host() => new RosHarness { Http = new HttpMetadataFetcher() }
        .With("/usr/share/ros/services/cron.yml", "cron:\n  image: x/cron:1\n")
        .With("/var/lib/rancher/conf/cloud-config.yml", $"rancher:\n  repositories:\n    extra:\n      url: {_url}\n");

    [Fact]
    public void Enable_downloads_a_repository_service_once_and_the_boot_reads_the_copy()
    {
        _files["/os-services/index.yml"] = "services: [zfs-tools, cron, '../bad']\n";
        _files["/os-services/z/zfs-tools.yml"] = "zfs-tools:\n  image: example/zfs-tools:1\n  labels:\n    io.rancher.os.scope: system\n";
        using var ros = Host();
        var (code, output, error) = ros.Run("service", "enable", "zfs-tools");
        Assert.Equal("", error);
        Assert.Equal(0, code);
        Assert.Contains($"downloaded zfs-tools from {_url}z/zfs-tools.yml", output, StringComparison.Ordinal);
        Assert.Equal(_files["/os-services/z/zfs-tools.yml"], ros.Read("/var/lib/rancher/cache/services/zfs-tools.yml"));
        Assert.Contains("zfs-tools: true", ros.Read("/var/lib/rancher/conf/cloud-config.yml"), StringComparison.Ordinal);
        // what the boot builds from it
        var (services, warnings) = Core.Services.ServiceCatalogue.Resolve(null,
            new Dictionary<string, object?> { ["zfs-tools"] = true }, p => File.Exists(ros.Resolve(p)) ? File.ReadAllText(ros.Resolve(p)) : null);
        Assert.Empty(warnings);
        Assert.True(services.ContainsKey("zfs-tools"));
        // listed with the index's services, the built-in ones and the downloaded one
        Assert.Equal("disabled cron\nenabled  zfs-tools\n", ros.Run("service", "list").Out);
    }

    [Fact]
    public void A_service_no_repository_has_is_an_error_naming_what_was_tried()
    {
        using var ros = Host();
        var (code, _, error) = ros.Run("service", "enable", "nosuch");
        Assert.Equal(1, code);
        Assert.Contains($"no service 'nosuch' in the catalogue; known: cron; the repositories do not have it: {_url}n/nosuch.yml (HTTP 404)", error, StringComparison.Ordinal);
        Assert.False(ros.Exists("/var/lib/rancher/cache/services/nosuch.yml"));
    }

    [Fact]
    public void A_repository_file_that_is_not_a_service_is_refused_and_not_kept()
    {
        _files["/os-services/b/broken.yml"] = "broken:\n  command: [true]\n";
        using var ros = Host();
        var (code, _, error) = ros.Run("service", "enable", "broken");
        Assert.Equal(1, code);
        Assert.Contains("b/broken.yml", error, StringComparison.Ordinal);
        Assert.False(ros.Exists("/var/lib/rancher/cache/services/broken.yml"));
        Assert.DoesNotContain("broken", ros.Read("/var/lib/rancher/conf/cloud-config.yml"), StringComparison.Ordinal);
    }

    [Fact]
    public void A_repository_that_does_not_answer_is_a_note_in_the_list()
    {
        using var ros = new RosHarness { Http = new HttpMetadataFetcher() }
            .With("/usr/share/ros/services/cron.yml", "cron:\n  image: x/cron:1\n")
            .With("/var/lib/rancher/conf/cloud-config.yml", "rancher:\n  repositories:\n    gone:\n      url: http://127.0.0.1:9/\n");
        var (code, output, error) = ros.Run("service", "list");
        Assert.Equal(0, code);
        Assert.Equal("disabled cron\n", output);
        Assert.Contains("ros: note: repository 'gone':", error, StringComparison.Ordinal);
    }

    public void Dispose() => _server.Close();
}
