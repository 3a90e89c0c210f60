using System.Text;
using InitOS.Core.CloudInit;
using InitOS.Core.Config;
using InitOS.Core.Consoles;

namespace InitOS.Core.Tests.Consoles;

public sealed class SshHostKeysTests
{
    private static (IReadOnlyList<ExecuteStep> Steps, IReadOnlyList<string> HostKeys, IReadOnlyList<string> Problems) Plan(string yaml, Dictionary<string, string>? files = null) =>
        SshHostKeys.Plan(YamlText.Parse(yaml, "test"), p => files?.GetValueOrDefault(p));

    [Fact]
    public void Missing_keys_are_generated_once_into_the_state_partition()
    {
        var first = Plan("");
        Assert.Equal(new ExecuteStep.MakeDirectory("/var/lib/rancher/conf/ssh", Modes.Dir0700, 0, 0), first.Steps[0]);
        Assert.Equal(
            ["ssh-keygen -q -t rsa -N  -C  -f /var/lib/rancher/conf/ssh/ssh_host_rsa_key",
             "ssh-keygen -q -t ecdsa -N  -C  -f /var/lib/rancher/conf/ssh/ssh_host_ecdsa_key",
             "ssh-keygen -q -t ed25519 -N  -C  -f /var/lib/rancher/conf/ssh/ssh_host_ed25519_key"],
            first.Steps.OfType<ExecuteStep.Run>().Select(r => string.Join(' ', r.Argv)));
        Assert.Equal(["/var/lib/rancher/conf/ssh/ssh_host_rsa_key", "/var/lib/rancher/conf/ssh/ssh_host_ecdsa_key", "/var/lib/rancher/conf/ssh/ssh_host_ed25519_key"], first.HostKeys);

        var existing = SshHostKeys.DefaultTypes.ToDictionary(SshHostKeys.KeyPath, _ => "KEY\n");
        Assert.Empty(Plan("", existing).Steps.OfType<ExecuteStep.Run>());
    }

    [Fact]
    public void Configured_keys_are_written_with_private_modes_and_not_generated()
    {
        var plan = Plan("rancher:\n  ssh:\n    keys:\n      ed25519: |\n        -----BEGIN OPENSSH PRIVATE KEY-----\n        abc\n        -----END OPENSSH PRIVATE KEY-----\n      ed25519-pub: ssh-ed25519 AAAAhost\n      dsa: DSAKEY\n      dsa-pub: ssh-dss AAAA\n      bogus: x\n");
        var writes = plan.Steps.OfType<ExecuteStep.WriteFile>().ToDictionary(w => w.Path);
        var key = writes["/var/lib/rancher/conf/ssh/ssh_host_ed25519_key"];
        Assert.Equal(Modes.File0600, key.Mode);
        Assert.StartsWith("-----BEGIN OPENSSH PRIVATE KEY-----\nabc\n", Encoding.UTF8.GetString(key.Content));
        Assert.Equal("ssh-ed25519 AAAAhost\n", Encoding.UTF8.GetString(writes["/var/lib/rancher/conf/ssh/ssh_host_ed25519_key.pub"].Content));
        Assert.Equal(Modes.File0644, writes["/var/lib/rancher/conf/ssh/ssh_host_ed25519_key.pub"].Mode);
        Assert.DoesNotContain(plan.Steps.OfType<ExecuteStep.Run>(), r => r.Argv.Contains("ed25519"));
        Assert.Contains("/var/lib/rancher/conf/ssh/ssh_host_dsa_key", plan.HostKeys);
        Assert.Contains(plan.Problems, p => p.Contains("rancher.ssh.keys.bogus"));
    }

    [Fact]
    public void Configured_keys_already_in_place_are_not_rewritten()
    {
        var files = new Dictionary<string, string>
        {
            ["/var/lib/rancher/conf/ssh/ssh_host_ed25519_key"] = "PRIV\n",
            ["/var/lib/rancher/conf/ssh/ssh_host_ed25519_key.pub"] = "ssh-ed25519 AAAA\n",
        };
        var plan = Plan("rancher:\n  ssh:\n    keys:\n      ed25519: PRIV\n      ed25519-pub: ssh-ed25519 AAAA\n", files);
        Assert.Empty(plan.Steps.OfType<ExecuteStep.WriteFile>());
    }
}
