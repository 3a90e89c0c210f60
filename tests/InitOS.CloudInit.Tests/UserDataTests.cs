using System.IO.Compression;
using System.Text;
using InitOS.Core.CloudInit;

namespace InitOS.CloudInit.Tests;

public sealed class UserDataTests
{
    private static byte[] Bytes(string s) => Encoding.UTF8.GetBytes(s);

    private static byte[] Gzip(byte[] data)
    {
        using var output = new MemoryStream();
        using (var gz = new GZipStream(output, CompressionLevel.Fastest))
        {
            gz.Write(data);
        }
        return output.ToArray();
    }

    [Fact]
    public void Cloud_config_is_kept_verbatim_with_its_comments()
    {
        var text = "#cloud-config   \n# my comment\nhostname: h1\nrancher:\n  debug: true\n";
        var plan = UserDataClassifier.Classify(Bytes(text));
        Assert.Equal(text, plan.CloudConfig);
        Assert.Null(plan.Script);
        Assert.Empty(plan.Problems);
    }

    [Fact]
    public void Invalid_yaml_is_reported_with_its_position_and_not_kept()
    {
        var plan = UserDataClassifier.Classify(Bytes("#cloud-config\nhostname: h1\nrunсmd: [unclosed\n"));
        Assert.Null(plan.CloudConfig);
        var problem = Assert.Single(plan.Problems);
        Assert.Contains("Invalid user-data", problem);
        Assert.Matches(@"line \d+|:\d+:\d+", problem);
    }

    [Fact]
    public void Cloud_config_that_fails_the_type_check_is_not_kept()
    {
        var plan = UserDataClassifier.Classify(Bytes("#cloud-config\nrancher:\n  debug: notabool\n"));
        Assert.Null(plan.CloudConfig);
        Assert.Contains("rancher.debug", Assert.Single(plan.Problems));
    }

    [Fact]
    public void Script_and_compose_and_unrecognised()
    {
        var script = UserDataClassifier.Classify(Bytes("#!/bin/sh\necho hi\n"));
        Assert.Equal("#!/bin/sh\necho hi\n", script.Script);
        Assert.Null(script.CloudConfig);

        var compose = UserDataClassifier.Classify(Bytes("#compose\nnginx:\n  image: nginx\n  restart: always\n"));
        Assert.Equal("#cloud-config\nrancher:\n  services:\n    nginx:\n      image: nginx\n      restart: always\n", compose.CloudConfig);

        var other = UserDataClassifier.Classify(Bytes("hostname: no-header\n"));
        Assert.Null(other.CloudConfig);
        Assert.Contains("Unrecognized user-data starting with 'hostname: no-header'", Assert.Single(other.Problems));

        Assert.True(UserDataClassifier.Classify(Bytes("  \n")).IsEmpty);
        Assert.True(UserDataClassifier.Classify(null).IsEmpty);
    }

    [Fact]
    public void Gzip_is_unpacked_by_magic_bytes()
    {
        var plan = UserDataClassifier.Classify(Gzip(Bytes("#cloud-config\nhostname: gz\n")));
        Assert.Equal("#cloud-config\nhostname: gz\n", plan.CloudConfig);
        var broken = UserDataClassifier.Classify([0x1f, 0x8b, 1, 2, 3]);
        Assert.Contains("gzip", Assert.Single(broken.Problems));
    }

    [Fact]
    public void Mime_multipart_as_cloud_init_writes_it()
    {
        var gzPart = Convert.ToBase64String(Gzip(Bytes("#cloud-config\nruncmd:\n  - [touch, /tmp/b]\n")));
        var message = $"""
            Content-Type: multipart/mixed; boundary="===============4291975925541928245=="
            MIME-Version: 1.0

            --===============4291975925541928245==
            Content-Type: text/cloud-config; charset="us-ascii"
            MIME-Version: 1.0
            Content-Transfer-Encoding: 7bit
            Content-Disposition: attachment; filename="a.yml"

            #cloud-config
            hostname: mime-host
            runcmd:
              - [touch, /tmp/a]

            --===============4291975925541928245==
            Content-Type: text/x-shellscript; charset="us-ascii"
            MIME-Version: 1.0
            Content-Transfer-Encoding: base64
            Content-Disposition: attachment; filename="s.sh"

            {Convert.ToBase64String(Bytes("#!/bin/sh\necho from-mime\n"))}
            --===============4291975925541928245==
            Content-Type: application/x-gzip
            Content-Transfer-Encoding: base64

            {gzPart}
            --===============4291975925541928245==
            Content-Type: text/cloud-boothook

            #cloud-boothook
            echo early
            --===============4291975925541928245==--
            """.Replace("\n", "\r\n");
        var plan = UserDataClassifier.Classify(Bytes(message));

        Assert.Empty(plan.Problems);
        Assert.Equal("#!/bin/sh\necho from-mime\n", plan.Script);
        // Two cloud-configs merge in order: maps merge, lists are replaced by the later part.
        Assert.Equal("#cloud-config\nhostname: mime-host\nruncmd:\n- - touch\n  - /tmp/b\n", plan.CloudConfig);
        Assert.Contains("text/cloud-boothook", Assert.Single(plan.Notes));
    }
}
