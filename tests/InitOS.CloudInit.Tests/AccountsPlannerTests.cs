using System.Text;
using InitOS.Core.CloudInit;
using InitOS.Core.Config;

namespace InitOS.CloudInit.Tests;

/// <summary>Issue 8: the account rules console-init applies to the console's /etc (ExecutePhase.Accounts).</summary>
public sealed class AccountsPlannerTests
{
    private const string Passwd = "root:x:0:0:root:/root:/bin/bash\nrancher:x:1100:1100::/home/rancher:/bin/bash\ndocker:x:1101:1101::/home/docker:/bin/bash\n";
    private const string Group = "root:x:0:\nshadow:x:42:\nsudo:x:27:rancher,docker\nrancher:x:1100:\ndocker:x:1101:rancher,docker\n";

    /// <summary>The image as build-images.sh made it before issue 8: rancher with an empty password.</summary>
    private const string EmptyShadow = "root:!:20089:0:99999:7:::\nrancher::20089:0:99999:7:::\ndocker:!:20089:0:99999:7:::\n";

    private static ExecutePlan Plan(string yaml, string shadow = EmptyShadow, Dictionary<string, string>? more = null)
    {
        var files = new Dictionary<string, string> { ["/etc/passwd"] = Passwd, ["/etc/group"] = Group, ["/etc/shadow"] = shadow };
        foreach (var (k, v) in more ?? [])
        {
            files[k] = v;
        }
        return ExecutePlanner.Plan(new ExecuteInputs(YamlText.Parse(yaml, "test"), ExecutePhase.Accounts, files.GetValueOrDefault, () => "salt", new DateOnly(2026, 11, 30)));
    }

    private static string? Written(ExecutePlan plan, string path) =>
        plan.Steps.OfType<ExecuteStep.WriteFile>().Where(w => w.Path == path).Select(w => Encoding.UTF8.GetString(w.Content)).SingleOrDefault();

    private static string[] ShadowOf(ExecutePlan plan, string user) =>
        Written(plan, "/etc/shadow")!.Split('\n').Single(l => l.StartsWith(user + ":", StringComparison.Ordinal)).Split(':');

    [Fact]
    public void Issue_8_rancher_without_a_configured_password_is_locked_not_empty()
    {
        var plan = Plan("hostname: x\n");
        Assert.Equal("!", ShadowOf(plan, "rancher")[1]);
        var shadow = plan.Steps.OfType<ExecuteStep.WriteFile>().Single(w => w.Path == "/etc/shadow");
        Assert.Equal(Core.Modes.File0640, shadow.Mode);
        Assert.Equal((0, 42), (shadow.Uid, shadow.Gid));
    }

    [Fact]
    public void Issue_8_no_account_keeps_an_empty_password_field()
    {
        var plan = Plan("", "root:!:1:0:99999:7:::\nrancher:!:1:0:99999:7:::\ndocker::1:0:99999:7:::\n");
        Assert.Equal("!", ShadowOf(plan, "docker")[1]);
    }

    [Fact]
    public void Rancher_password_in_plain_text_becomes_a_sha512_hash_that_never_expires()
    {
        var plan = Plan("rancher:\n  password: s3cret\n");
        var rancher = ShadowOf(plan, "rancher");
        Assert.Equal(Sha512Crypt.Hash("s3cret", "salt"), rancher[1]);
        Assert.Equal("20787", rancher[2]); // days since 1970 on 2026-11-30, not 0 (no forced change)
    }

    [Fact]
    public void Rancher_password_given_as_a_hash_is_used_as_is_and_beats_the_password_key()
    {
        var hash = Sha512Crypt.Hash("other", "abc");
        var plan = Plan($"password: plain\nrancher:\n  password: '{hash}'\n");
        Assert.Equal(hash, ShadowOf(plan, "rancher")[1]);
    }

    [Fact]
    public void Rancher_password_is_ignored_when_rancher_disable_lists_password()
    {
        var plan = Plan("rancher:\n  password: s3cret\n  disable: [password]\n");
        Assert.Equal("!", ShadowOf(plan, "rancher")[1]);
        Assert.Contains(plan.Unapplied, u => u.Contains("rancher.password"));
    }

    [Fact]
    public void A_password_no_longer_configured_is_locked_again()
    {
        var old = Sha512Crypt.Hash("old", "abc");
        var plan = Plan("", $"root:!:1:0:99999:7:::\nrancher:{old}:1:0:99999:7:::\ndocker:!:1:0:99999:7:::\n");
        Assert.Equal("!" + old, ShadowOf(plan, "rancher")[1]);
    }

    [Fact]
    public void A_kept_console_with_the_same_password_is_not_rewritten()
    {
        var first = Plan("rancher:\n  password: s3cret\n");
        var again = Plan("rancher:\n  password: s3cret\n", Written(first, "/etc/shadow")!);
        Assert.Null(Written(again, "/etc/shadow"));
        var locked = Plan("");
        Assert.Null(Written(Plan("", Written(locked, "/etc/shadow")!), "/etc/shadow"));
    }

    [Fact]
    public void Chpasswd_and_users_passwords_count_as_configured()
    {
        var viaChpasswd = Plan("chpasswd:\n  expire: false\n  list: |\n    rancher:pw1\n");
        Assert.Equal(Sha512Crypt.Hash("pw1", "salt"), ShadowOf(viaChpasswd, "rancher")[1]);
        var hash = Sha512Crypt.Hash("pw2", "abc");
        var viaUsers = Plan($"users:\n  - name: rancher\n    lock_passwd: false\n    passwd: '{hash}'\n");
        Assert.Equal(hash, ShadowOf(viaUsers, "rancher")[1]);
        var lockedUser = Plan($"users:\n  - name: rancher\n    passwd: '{hash}'\n");
        Assert.Equal("!" + hash, ShadowOf(lockedUser, "rancher")[1]);
    }

    [Fact]
    public void Authorized_keys_of_the_default_user_and_of_listed_users()
    {
        var plan = Plan("ssh_authorized_keys: [ssh-ed25519 AAAAtop top@x]\nusers:\n  - name: alice\n    ssh_authorized_keys: [ssh-ed25519 AAAAalice a@x]\n");
        Assert.Equal("ssh-ed25519 AAAAtop top@x\n", Written(plan, "/home/rancher/.ssh/authorized_keys"));
        Assert.Equal("ssh-ed25519 AAAAalice a@x\n", Written(plan, "/home/alice/.ssh/authorized_keys"));
        var key = plan.Steps.OfType<ExecuteStep.WriteFile>().Single(w => w.Path == "/home/rancher/.ssh/authorized_keys");
        Assert.Equal((Core.Modes.File0600, 1100, 1100), (key.Mode, key.Uid, key.Gid));
        // account files come before the home directories and keys that need the new ids
        var steps = plan.Steps.ToList();
        Assert.True(steps.FindIndex(s => s is ExecuteStep.WriteFile { Path: "/etc/passwd" }) < steps.FindIndex(s => s is ExecuteStep.MakeDirectory { Path: "/home/alice" }));
    }

    [Theory]
    [InlineData("$6$abc$def", true)]
    [InlineData("$y$j9T$salt$hash", true)]
    [InlineData("plain", false)]
    [InlineData("$notahash", false)]
    public void Crypt_hashes_are_told_from_plain_passwords(string secret, bool isHash)
    {
        Assert.Equal(isHash, ExecutePlanner.IsCryptHash(secret));
    }

    [Fact]
    public void Issue_8_hosts_always_gets_the_hostname_line()
    {
        ExecutePlan PreConsole(string yaml, string hosts, string kernel) => ExecutePlanner.Plan(new ExecuteInputs(YamlText.Parse(yaml, "test"),
            ExecutePhase.PreConsole, new Dictionary<string, string> { ["/etc/hosts"] = hosts, ["/proc/sys/kernel/hostname"] = kernel }.GetValueOrDefault,
            () => "salt", new DateOnly(2026, 11, 30)));
        string Hosts(ExecutePlan p) => Encoding.UTF8.GetString(p.Steps.OfType<ExecuteStep.RewriteInPlace>().Single(r => r.Path == "/etc/hosts").Content);

        Assert.Equal("127.0.0.1\tlocalhost\n127.0.1.1\tbox\n", Hosts(PreConsole("hostname: box\n", "127.0.0.1\tlocalhost\n", "initos\n")));
        Assert.Equal("127.0.0.1\tlocalhost\n127.0.1.1\tfrom-dhcp\n", Hosts(PreConsole("", "127.0.0.1\tlocalhost\n", "from-dhcp\n")));
        Assert.Equal("127.0.0.1\tlocalhost\n127.0.1.1\tbox\n", Hosts(PreConsole("hostname: box\nmanage_etc_hosts: false\n", "127.0.0.1\tlocalhost\n127.0.1.1\told\n", "x\n")));
        Assert.DoesNotContain(PreConsole("hostname: box\n", "127.0.0.1\tlocalhost\n127.0.1.1\tbox\n", "box\n").Steps, s => s is ExecuteStep.RewriteInPlace or ExecuteStep.WriteFile { Path: "/etc/hosts" });
    }
}
