using InitOS.Core.Lifecycle;

namespace InitOS.Core.Tests.Lifecycle;

public class OsManifestTests
{
    private static readonly string H1 = new('a', 64);
    private static readonly string H2 = "0123456789ABCDEF".PadRight(64, 'f');
    private static readonly string H3 = new('3', 64);

    private static string Sample => $"""
        # built by make image
        version=0.2.0
        kernel=6.12.57+deb13-amd64

        sha256:vmlinuz={H1}
        sha256:initrd={H2}
        sha256:installer/boot.img={H3}
        built=2026-12-01
        """;

    [Fact]
    public void Parses_version_kernel_hashes_and_extra_keys()
    {
        var m = OsManifest.Parse(Sample);
        Assert.Equal("0.2.0", m.Version);
        Assert.Equal("6.12.57+deb13-amd64", m.Kernel);
        Assert.Equal(["vmlinuz", "initrd", "installer/boot.img"], m.Sha256.Keys);
        Assert.Equal(H2.ToLowerInvariant(), m.Sha256["initrd"]);
        Assert.Equal("2026-12-01", m.Extra["built"]);
    }

    [Fact]
    public void Format_round_trips()
    {
        var m = OsManifest.Parse(Sample);
        var text = m.Format();
        Assert.Equal($"version=0.2.0\nkernel=6.12.57+deb13-amd64\nsha256:vmlinuz={H1}\nsha256:initrd={H2.ToLowerInvariant()}\nsha256:installer/boot.img={H3}\nbuilt=2026-12-01\n", text);
        var back = OsManifest.Parse(text);
        Assert.Equal(m.Version, back.Version);
        Assert.Equal(m.Kernel, back.Kernel);
        Assert.Equal(m.Sha256, back.Sha256);
        Assert.Equal(m.Extra, back.Extra);
        Assert.Equal(text, back.Format());
    }

    [Fact]
    public void A_manifest_without_kernel_formats_without_it_and_crlf_is_accepted()
    {
        var m = OsManifest.Parse($"version=v1\r\nsha256:vmlinuz={H1}\r\nsha256:initrd={H1}\r\n");
        Assert.Null(m.Kernel);
        Assert.Equal($"version=v1\nsha256:vmlinuz={H1}\nsha256:initrd={H1}\n", m.Format());
    }

    [Theory]
    [InlineData("sha256:vmlinuz={H}\nsha256:initrd={H}\n", "no version= line")]
    [InlineData("version=1\nsha256:initrd={H}\n", "no sha256:vmlinuz= line")]
    [InlineData("version=1\nsha256:vmlinuz={H}\n", "no sha256:initrd= line")]
    [InlineData("version=1\nsha256:vmlinuz=abc\nsha256:initrd={H}\n", "line 2: the sha256 of 'vmlinuz' must be 64 hex digits")]
    [InlineData("version=1\nsha256:vmlinuz={H}\nsha256:initrd={H}0\n", "line 3: the sha256 of 'initrd' must be 64 hex digits")]
    [InlineData("version=1\nsha256:vmlinuz={H}\nsha256:initrd={G}\n", "line 3: the sha256 of 'initrd' must be 64 hex digits")]
    [InlineData("version=1\n\nsha256:../etc/shadow={H}\n", "line 3: the path '../etc/shadow' must not contain '..'")]
    [InlineData("version=1\nsha256:a/../b={H}\n", "line 2: the path 'a/../b' must not contain '..'")]
    [InlineData("version=1\nsha256:/boot/vmlinuz={H}\n", "line 2: the path '/boot/vmlinuz' must be relative")]
    [InlineData("version=1\nsha256:={H}\n", "line 2: the path '' is empty")]
    [InlineData("version=1\nsha256:a//b={H}\n", "line 2: the path 'a//b' must not have empty or '.' segments")]
    [InlineData("version=1\nsha256:./vmlinuz={H}\n", "line 2: the path './vmlinuz' must not have empty or '.' segments")]
    [InlineData("version=1\nsha256:a\\b={H}\n", "line 2: the path 'a\\b' has a space")]
    [InlineData("version=1\njust text\n", "line 2: expected key=value")]
    [InlineData("=1\n", "line 1: expected key=value")]
    [InlineData("version=1\nversion=2\n", "line 2: 'version' appears a second time")]
    [InlineData("version=1\nsha256:initrd={H}\nsha256:initrd={H}\n", "line 3: 'sha256:initrd' appears a second time")]
    [InlineData("version=\n", "line 1: '' is not a version")]
    [InlineData("version=1 2\n", "line 1: '1 2' is not a version")]
    [InlineData("version=\"1\"\n", "line 1: '\"1\"' is not a version")]
    [InlineData("version=1\nbad key=x\n", "line 2: 'bad key' is not a key")]
    public void Errors_name_the_line_and_the_problem(string text, string expected)
    {
        var e = Assert.Throws<FormatException>(() => OsManifest.Parse(text.Replace("{H}", H1).Replace("{G}", new string('g', 64))));
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void Format_refuses_values_with_line_breaks()
    {
        var m = new OsManifest("1", "k\nversion=2", new Dictionary<string, string>(), new Dictionary<string, string>());
        Assert.Throws<InvalidOperationException>(() => m.Format());
    }

    [Theory]
    [InlineData("0.2.0", true)]
    [InlineData("v0.2.0-rc.1+g1234~1_x", true)]
    [InlineData("", false)]
    [InlineData("0.2 0", false)]
    [InlineData("0.2.0$x", false)]
    [InlineData("0.2.0\"", false)]
    public void Versions_are_plain_text(string version, bool valid)
    {
        Assert.Equal(valid, OsManifest.IsValidVersion(version));
    }
}
