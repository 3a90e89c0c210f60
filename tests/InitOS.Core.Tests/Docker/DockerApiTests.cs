using System.Net;
using System.Text;
using System.Text.Json;
using InitOS.Core.Services;
using InitOS.Platform.Docker;

namespace InitOS.Core.Tests.Docker;

/// <summary>Issue 10: the pure parts of the Engine API client that replaced Docker.DotNet (the calls themselves run against a real dockerd in the integration tests).</summary>
public sealed class DockerApiTests
{
    private static byte[] Frame(byte stream, string text)
    {
        var payload = Encoding.UTF8.GetBytes(text);
        var frame = new byte[8 + payload.Length];
        frame[0] = stream;
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(4), (uint)payload.Length);
        payload.CopyTo(frame, 8);
        return frame;
    }

    [Fact]
    public void A_multiplexed_log_gives_stdout_then_stderr_and_a_cut_last_frame_keeps_what_arrived()
    {
        var bytes = Frame(1, "out 1\n").Concat(Frame(2, "err 1\n")).Concat(Frame(1, "out 2\n")).Concat(Frame(2, "err 2 cut")[..10]).ToArray();

        Assert.Equal("out 1\nout 2\nerr 1\ner", DockerApi.Demultiplex(bytes));
        Assert.Equal("", DockerApi.Demultiplex([1, 0, 0]));
    }

    [Fact]
    public void An_error_body_gives_the_engines_message_or_else_the_body()
    {
        Assert.Equal("No such container: x", DockerApi.MessageOf("{\"message\":\"No such container: x\"}\n"));
        Assert.Equal("page not found", DockerApi.MessageOf("page not found\n"));
        Assert.Equal("[1]", DockerApi.MessageOf("[1]"));
    }

    [Fact]
    public async Task A_progress_stream_yields_its_errors_in_both_forms_and_hands_over_every_message()
    {
        var lines = string.Join('\n',
            "{\"status\":\"Pulling from library/x\",\"id\":\"latest\"}",
            "",
            "{\"status\":\"Digest: sha256:abc\"}",
            "{\"errorDetail\":{\"message\":\"no space left on device\"}}",
            "{\"error\":\"manifest unknown\",\"errorDetail\":{\"message\":\"manifest unknown\"}}",
            "not json",
            "") + "\n";
        using var response = new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(lines) };
        var statuses = new List<string?>();

        var errors = await DockerApi.ReadMessagesAsync(response, m => statuses.Add(DockerApi.Text(m, "status")), CancellationToken.None);

        Assert.Equal(["no space left on device", "manifest unknown", "the engine sent an unreadable progress line: not json"], errors);
        Assert.Equal(["Pulling from library/x", "Digest: sha256:abc", null, null], statuses);
    }

    [Fact]
    public void Labels_read_as_strings_and_absent_ones_as_empty()
    {
        using var document = JsonDocument.Parse("{\"Labels\":{\"a\":\"1\",\"b\":\"\"},\"Other\":null}");

        Assert.Equal(new Dictionary<string, string> { ["a"] = "1", ["b"] = "" }, DockerApi.Map(document.RootElement, "Labels"));
        Assert.Empty(DockerApi.Map(document.RootElement, "Other"));
        Assert.Empty(DockerApi.Map(document.RootElement, "Missing"));
    }

    [Fact]
    public void An_endpoint_that_is_not_unix_or_tcp_is_refused_by_name()
    {
        var e = Assert.Throws<ArgumentException>(() => new DockerApi("npipe:////./pipe/docker", TimeSpan.FromSeconds(1)));
        Assert.Contains("'npipe:////./pipe/docker' is not a unix:// or tcp:// engine endpoint", e.Message);
    }

    private static JsonElement CreateBody(ContainerSpec spec)
    {
        var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            DockerSpecMapper.WriteCreateBody(writer, spec);
        }
        using var document = JsonDocument.Parse(buffer.ToArray());
        return document.RootElement.Clone();
    }

    [Fact]
    public void The_create_body_leaves_unset_values_to_the_engine_and_the_image()
    {
        var body = CreateBody(new ContainerSpec { Name = "n", Image = "i:1" });

        Assert.Equal("i:1", body.GetProperty("Image").GetString());
        Assert.False(body.TryGetProperty("Cmd", out _)); // the image's command
        Assert.False(body.TryGetProperty("Entrypoint", out _));
        Assert.False(body.TryGetProperty("User", out _));
        var host = body.GetProperty("HostConfig");
        Assert.False(host.TryGetProperty("NetworkMode", out _));
        Assert.False(host.TryGetProperty("Memory", out _));
        Assert.False(host.TryGetProperty("LogConfig", out _));
        Assert.Equal("no", host.GetProperty("RestartPolicy").GetProperty("Name").GetString());
        Assert.False(host.GetProperty("RestartPolicy").TryGetProperty("MaximumRetryCount", out _));
    }

    [Fact]
    public void The_create_body_carries_an_empty_entrypoint_devices_and_the_retry_count_of_on_failure()
    {
        var body = CreateBody(new ContainerSpec
        {
            Name = "n",
            Image = "i",
            Entrypoint = [],
            Devices = ["/dev/kmsg", "/dev/fuse:/dev/f:rw"],
            Restart = new RestartPolicy("on-failure", 5),
            Annotations = new Dictionary<string, string> { ["io.containerd.runc.v2.group"] = "g" },
        });

        Assert.Equal(0, body.GetProperty("Entrypoint").GetArrayLength()); // clears the image's entrypoint
        var devices = body.GetProperty("HostConfig").GetProperty("Devices");
        Assert.Equal("/dev/kmsg", devices[0].GetProperty("PathInContainer").GetString());
        Assert.Equal("rwm", devices[0].GetProperty("CgroupPermissions").GetString());
        Assert.Equal("/dev/f", devices[1].GetProperty("PathInContainer").GetString());
        Assert.Equal("rw", devices[1].GetProperty("CgroupPermissions").GetString());
        Assert.Equal(5, body.GetProperty("HostConfig").GetProperty("RestartPolicy").GetProperty("MaximumRetryCount").GetInt64());
        Assert.Equal("g", body.GetProperty("HostConfig").GetProperty("Annotations").GetProperty("io.containerd.runc.v2.group").GetString());
    }

    [Fact]
    public void The_registry_auth_header_is_base64url_json_of_the_credentials_given()
    {
        var header = DockerEngine.RegistryAuthHeader(new RegistryCredentials("reg.example:5000", "u", "p?>", "", ""));
        var json = Encoding.UTF8.GetString(Convert.FromBase64String(header.Replace('-', '+').Replace('_', '/')));

        Assert.DoesNotContain('+', header);
        Assert.DoesNotContain('/', header);
        Assert.Equal("{\"username\":\"u\",\"password\":\"p?\\u003E\",\"serveraddress\":\"reg.example:5000\"}", json);
    }
}
