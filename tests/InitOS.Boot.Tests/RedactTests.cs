using InitOS.Core.Boot;

namespace InitOS.Boot.Tests;

public class RedactTests
{
    [Fact]
    public void Issue_12_kernel_command_line_keeps_keys_and_masks_secret_values()
    {
        const string line = "BOOT_IMAGE=/vmlinuz console=ttyS0 rancher.password=hunter2 rancher.state.dev=LABEL=RANCHER_STATE rancher.autologin=ttyS0  cc.hostname=h";
        Assert.Equal(
            "BOOT_IMAGE=/vmlinuz console=ttyS0 rancher.password=<redacted> rancher.state.dev=LABEL=RANCHER_STATE rancher.autologin=ttyS0  cc.hostname=h",
            Redact.Cmdline(line));
    }

    [Fact]
    public void Quoted_values_with_spaces_and_hashes_are_masked_whole()
    {
        Assert.Equal("quiet rancher.docker.registry_auths.x.auth=<redacted> ro", Redact.Cmdline("quiet rancher.docker.registry_auths.x.auth=\"dXNlcjpwYXNz with space\" ro"));
        Assert.Equal("cc.users[0].foo=<redacted>", Redact.Cmdline("cc.users[0].foo=$6$saltsalt$abcdefghijklmnop"));
        Assert.Equal("rancher.debug", Redact.Cmdline("rancher.debug"));
    }

    [Theory]
    [InlineData("rancher.password", true)]
    [InlineData("password", true)]
    [InlineData("chpasswd", true)]
    [InlineData("users[0].passwd", true)]
    [InlineData("rancher.ssh.keys", true)]
    [InlineData("rancher.ssh.keys.rsa", true)]
    [InlineData("rancher.docker.tls_key", true)]
    [InlineData("--tlskey", true)]
    [InlineData("write_files[0].private_key", true)]
    [InlineData("rancher.cloud_init.user_data", true)]
    [InlineData("user-data", true)]
    [InlineData("metadata.api_token", true)]
    [InlineData("client_secret", true)]
    [InlineData("rancher.hostname", false)]
    [InlineData("rancher.keymap", false)]
    [InlineData("rancher.state.dev", false)]
    [InlineData("console", false)]
    public void Secret_keys_are_recognised(string key, bool secret)
    {
        Assert.Equal(secret, Redact.IsSecretKey(key));
    }

    [Fact]
    public void Values_are_masked_by_key_or_by_content()
    {
        Assert.Equal("<redacted>", Redact.Value("rancher.password", "x"));
        Assert.Equal("eth0", Redact.Value("rancher.network.interfaces", "eth0"));
        Assert.Equal("<redacted>", Redact.Value("write_files[0].content", "-----BEGIN OPENSSH PRIVATE KEY-----\nabc\n-----END OPENSSH PRIVATE KEY-----"));
    }

    [Fact]
    public void Free_text_masks_secret_pairs_pem_blocks_and_hashes()
    {
        Assert.Equal("cloud-config.yml:3:5: rancher.password: <redacted> is not a string; layer skipped",
            Redact.Text("cloud-config.yml:3:5: rancher.password: 'abc def' is not a string; layer skipped"));
        Assert.Equal("set token=<redacted> and name=x", Redact.Text("set token=s3cr3t and name=x"));
        Assert.Equal("key <redacted> end", Redact.Text("key -----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY----- end"));
        Assert.Equal("hash <redacted>", Redact.Text("hash $6$rounds$abcdefghijkl"));
    }

    [Fact]
    public void Argument_vectors_mask_the_value_after_a_secret_flag()
    {
        Assert.Equal(["--tlskey", "<redacted>", "--data-root", "/d", "--token=<redacted>", "--debug"],
            Redact.Arguments(["--tlskey", "/etc/key.pem", "--data-root", "/d", "--token=abc", "--debug"]));
    }
}
