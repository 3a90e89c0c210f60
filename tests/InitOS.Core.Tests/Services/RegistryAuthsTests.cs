using InitOS.Core.Services;

namespace InitOS.Core.Tests.Services;

public class RegistryAuthsTests
{
    [Theory]
    [InlineData("busybox", "docker.io")]
    [InlineData("library/busybox:1", "docker.io")]
    [InlineData("initos/cron:0.1.0", "docker.io")]
    [InlineData("docker.io/initos/cron:0.1.0", "docker.io")]
    [InlineData("index.docker.io/initos/cron", "docker.io")]
    [InlineData("10.0.2.100:5000/initos/cron:0.1.0", "10.0.2.100:5000")]
    [InlineData("localhost/x", "localhost")]
    [InlineData("registry.example.com/a/b@sha256:00", "registry.example.com")]
    public void The_registry_is_the_first_component_when_it_looks_like_a_host(string image, string registry) =>
        Assert.Equal(registry, RegistryAuths.RegistryOf(image));

    [Fact]
    public void Credentials_match_by_host_with_or_without_scheme_and_path()
    {
        var auths = new Dictionary<string, object?>
        {
            ["https://index.docker.io/v1/"] = new Dictionary<string, object?> { ["username"] = "hub", ["password"] = "p1" },
            ["registry.example.com:5000"] = new Dictionary<string, object?> { ["auth"] = "dTpw", ["identitytoken"] = "tok" },
        };
        var hub = RegistryAuths.For("initos/cron:1", auths);
        Assert.Equal(("hub", "p1"), (hub!.Username, hub.Password));
        var own = RegistryAuths.For("registry.example.com:5000/x/y", auths);
        Assert.Equal(("dTpw", "tok", "registry.example.com:5000"), (own!.Auth, own.IdentityToken, own.Server));
        Assert.Null(RegistryAuths.For("other.example.com/x", auths));
        Assert.Null(RegistryAuths.For("x", null));
    }

    [Fact]
    public void Credentials_never_print_their_secrets()
    {
        var c = new RegistryCredentials("r", "user", "s3cret", "YXV0aA==", "tok3n");
        Assert.DoesNotContain("s3cret", c.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("tok3n", c.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("YXV0aA==", c.ToString(), StringComparison.Ordinal);
    }
}
